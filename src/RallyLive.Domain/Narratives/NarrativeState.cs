namespace RallyLive.Domain.Narratives;

/// <summary>
/// The detector's running tally of one narrative, from which <see cref="Narrative"/> snapshots are taken. Memory per
/// narrative is bounded: viewers and streams are sets of what it really has, the text tally stops at
/// <see cref="MaximumTrackedTexts"/> variants, the trend keeps two windows of timestamps.
/// </summary>
internal sealed class NarrativeState(string id, NarrativeKind kind, NarrativeDetectionOptions options)
{
    private const int MaximumTrackedTexts = 256;

    private readonly HashSet<string> _viewers = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _streams = new(StringComparer.Ordinal);
    private readonly List<string> _samples = [];
    private readonly Dictionary<string, (int Count, string Original, long Order)> _texts = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> _recent = new();
    private int _messageCount;
    private int _negative;
    private int _positive;
    private double _sentimentSum;

    public string Id => id;

    /// <summary>How it was recognised; a near-duplicate narrative that gathers other wordings of its claim becomes a paraphrase.</summary>
    public NarrativeKind Kind { get; set; } = kind;

    public DateTimeOffset FirstSeen { get; private set; } = DateTimeOffset.MaxValue;

    public DateTimeOffset LastSeen { get; private set; } = DateTimeOffset.MinValue;

    public NarrativeTrend Trend { get; private set; } = NarrativeTrend.Rising;

    /// <summary>A text narrative's theme: keys of the word pairs it is made of; a message with one of them belongs to it.</summary>
    public HashSet<string> ThemePairs { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The theme pairs the crowd was already using outside any narrative when they joined the theme (see
    /// <see cref="ThemePair.IsCrowdPair"/>): their words stay the theme's, but a message needs one of its other pairs to
    /// belong to it.
    /// </summary>
    public HashSet<string> CrowdPairs { get; } = new(StringComparer.Ordinal);

    /// <summary>A near-duplicate narrative's remembered signatures (see <see cref="NarrativeDetectionOptions.ExemplarCount"/>).</summary>
    public List<MinHashSignature> Exemplars { get; } = [];

    /// <summary>Set instead of the most repeated text when the narrative is not about one text (a sentiment surge).</summary>
    public string? Description { get; set; }

    /// <summary>The raid this narrative reports, for a <see cref="NarrativeKind.Raid"/>.</summary>
    public string? RaidId { get; init; }

    /// <summary>The stream a sentiment surge is on.</summary>
    public string? StreamId { get; init; }

    public void Attribute(ChatObservation message, string normalizedText)
    {
        _messageCount++;
        _viewers.Add(message.ViewerId);
        _streams.Add(message.StreamId);
        _sentimentSum += message.Sentiment;
        _negative += message.Sentiment < 0 ? 1 : 0;
        _positive += message.Sentiment > 0 ? 1 : 0;
        FirstSeen = message.At < FirstSeen ? message.At : FirstSeen;
        LastSeen = message.At > LastSeen ? message.At : LastSeen;
        _recent.Enqueue(message.At);
        if (_texts.TryGetValue(normalizedText, out var tally))
        {
            _texts[normalizedText] = tally with { Count = tally.Count + 1 };
        }
        else if (_texts.Count < MaximumTrackedTexts)
        {
            _texts[normalizedText] = (1, message.Text, _messageCount);
            if (_samples.Count < options.SampleCount)
            {
                _samples.Add(message.Text);
            }
        }
    }

    /// <summary>Recomputes the trend at <paramref name="now"/>; true when it changed.</summary>
    public bool RefreshTrend(DateTimeOffset now)
    {
        var previousStart = now - (2 * options.TrendWindow);
        while (_recent.TryPeek(out var oldest) && oldest <= previousStart)
        {
            _recent.Dequeue();
        }

        // Counted by range rather than by position: a raid's messages arrive grouped by viewer, not in time order.
        var last = _recent.Count(at => at > now - options.TrendWindow && at <= now);
        var previous = _recent.Count(at => at > previousStart && at <= now - options.TrendWindow);
        var trend = NarrativeTrends.Classify(last, previous, options.RisingRatio, options.FallingRatio);
        var changed = trend != Trend;
        Trend = trend;
        return changed;
    }

    public Narrative Snapshot() => new(
        id,
        Kind,
        Description ?? RepresentativeText(),
        _messageCount,
        _viewers.Count,
        [.. _streams],
        FirstSeen,
        LastSeen,
        Trend,
        [.. _samples],
        _messageCount == 0 ? 0 : _sentimentSum / _messageCount,
        Stance: Stance());

    /// <summary>Opposes when enough messages are negative and few positive, supports the other way round, neutral otherwise.</summary>
    private NarrativeStance Stance()
    {
        var share = options.StanceShare * _messageCount;
        return _negative > 0 && _negative >= share && _positive <= share / 3 ? NarrativeStance.Opposes
            : _positive > 0 && _positive >= share && _negative <= share / 3 ? NarrativeStance.Supports
            : NarrativeStance.Neutral;
    }

    /// <summary>The most repeated text (after normalisation) as first posted; the earliest wins a tie.</summary>
    private string RepresentativeText() =>
        _texts.Values.OrderByDescending(t => t.Count).ThenBy(t => t.Order).Select(t => t.Original).FirstOrDefault() ?? string.Empty;
}
