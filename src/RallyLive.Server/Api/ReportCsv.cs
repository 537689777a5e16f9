using System.Globalization;
using System.Text;
using RallyLive.Abstractions.Rallies;
using RallyLive.Abstractions.Sentiment;

namespace RallyLive.Server.Api;

/// <summary>The report's timeline as CSV: one row per second, for the whole rally and for each stream.</summary>
public static class ReportCsv
{
    public const string Header = "second,stream,segment,speaker,reactions,chat_messages,viewers,sentiment_index,energy";

    public static string Write(RallyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder().AppendLine(Header);
        foreach (var bucket in report.Timeline)
        {
            Row(csv, "all", bucket);
        }

        foreach (var (streamId, timeline) in report.StreamTimelines.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            foreach (var bucket in timeline)
            {
                Row(csv, streamId, bucket);
            }
        }

        return csv.ToString();
    }

    // Every field is an id, a number or a timestamp: nothing a client typed, so nothing to quote or defuse.
    private static void Row(StringBuilder csv, string stream, SentimentBucket bucket) =>
        csv.AppendLine(string.Join(',',
            bucket.Second.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            stream,
            bucket.SegmentIndex?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
            bucket.SpeakerId ?? string.Empty,
            bucket.Reactions.Values.Sum().ToString(CultureInfo.InvariantCulture),
            bucket.ChatMessages.ToString(CultureInfo.InvariantCulture),
            bucket.Viewers.ToString(CultureInfo.InvariantCulture),
            bucket.SentimentIndex.ToString("0.####", CultureInfo.InvariantCulture),
            bucket.Energy.ToString("0.##", CultureInfo.InvariantCulture)));
}
