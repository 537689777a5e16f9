namespace RallyLive.Domain.Narratives;

/// <summary>One stream's mood for the surge detector: the short window's messages and the baseline before it.</summary>
internal sealed class SurgeStreamState(SentimentSurgeOptions options)
{
    private readonly Queue<ChatObservation> _window = new();
    private readonly Dictionary<string, int> _viewerCounts = new(StringComparer.Ordinal);
    private readonly TimeBuckets _baseline = new(TimeSpan.FromSeconds(5));
    private double _windowSum;

    public DateTimeOffset LastObserved { get; private set; }

    public double WindowMean => _window.Count == 0 ? 0 : _windowSum / _window.Count;

    public double BaselineMean => _baseline.Count == 0 ? 0 : _baseline.Sum / _baseline.Count;

    /// <summary>Messages in the window whose sentiment is negative: the opposing ones a surge is made of.</summary>
    public IEnumerable<ChatObservation> OpposingMessages => _window.Where(m => m.Sentiment < 0);

    public bool IsSurging =>
        _baseline.Count >= options.MinimumBaselineMessages
        && _viewerCounts.Count >= options.MinimumDistinctViewers
        && WindowMean <= options.MaximumWindowMean
        && BaselineMean - WindowMean >= options.MinimumDrop;

    public void Add(ChatObservation message, DateTimeOffset now)
    {
        Advance(now);
        _window.Enqueue(message);
        _windowSum += message.Sentiment;
        _viewerCounts[message.ViewerId] = _viewerCounts.GetValueOrDefault(message.ViewerId) + 1;
        LastObserved = now;
    }

    /// <summary>Moves messages older than the window into the baseline, and lets the baseline's oldest buckets go.</summary>
    public void Advance(DateTimeOffset now)
    {
        while (_window.TryPeek(out var oldest) && oldest.At < now - options.Window)
        {
            _window.Dequeue();
            _windowSum -= oldest.Sentiment;
            if (--_viewerCounts[oldest.ViewerId] == 0)
            {
                _viewerCounts.Remove(oldest.ViewerId);
            }

            _baseline.Add(oldest.At, oldest.Sentiment);
        }

        if (_window.Count == 0)
        {
            _windowSum = 0;
        }

        _baseline.EvictBefore(now - options.BaselineWindow);
    }
}
