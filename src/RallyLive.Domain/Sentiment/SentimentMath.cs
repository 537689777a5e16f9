using System.Collections.Immutable;

namespace RallyLive.Domain.Sentiment;

/// <summary>
/// The crowd measures, as pure functions. The sentiment index is the mean valence of everything the crowd
/// said in the second: each reaction counts with its kind's valence, each visible chat message with its
/// scored sentiment; both are in [-1, 1], so the mean is too. With no input the index is 0 (neutral).
/// Energy is reactions per viewer per minute, from a one-second count.
/// </summary>
public static class SentimentMath
{
    public static double Index(IReadOnlyDictionary<string, int> reactions, IReadOnlyDictionary<string, double> valences, int chatMessages, double chatSentimentSum)
    {
        double weighted = chatSentimentSum;
        long count = chatMessages;
        foreach (var (kind, taps) in reactions)
        {
            weighted += taps * valences.GetValueOrDefault(kind);
            count += taps;
        }

        return count == 0 ? 0 : Math.Clamp(weighted / count, -1, 1);
    }

    public static double Energy(IReadOnlyDictionary<string, int> reactions, int viewers, TimeSpan window) =>
        reactions.Values.Sum(v => (double)v) * (TimeSpan.FromMinutes(1) / window) / Math.Max(1, viewers);

    public static ImmutableDictionary<string, int> Add(ImmutableDictionary<string, int> totals, IReadOnlyDictionary<string, int> more)
    {
        var sum = totals.ToBuilder();
        foreach (var (kind, taps) in more)
        {
            sum[kind] = sum.GetValueOrDefault(kind) + taps;
        }

        return sum.ToImmutable();
    }
}
