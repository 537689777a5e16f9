namespace RallyLive.Domain.Narratives;

/// <summary>
/// A running sum and count over a trailing period, kept in fixed-width buckets so that memory does not depend on the
/// message rate: the baselines of the raid and sentiment-surge detectors. Values enter when they leave a detector's
/// short window, so a baseline never includes the burst it is compared with.
/// </summary>
internal sealed class TimeBuckets(TimeSpan bucketWidth)
{
    private readonly LinkedList<Bucket> _buckets = new();

    /// <summary>Sum of the values in the kept buckets.</summary>
    public double Sum { get; private set; }

    /// <summary>Number of values in the kept buckets.</summary>
    public int Count { get; private set; }

    /// <summary>Adds a value at a time; times are expected in (roughly) increasing order.</summary>
    public void Add(DateTimeOffset at, double value)
    {
        var start = at.UtcTicks - (at.UtcTicks % bucketWidth.Ticks);
        if (_buckets.Last is { } last && last.Value.Start >= start)
        {
            last.Value.Sum += value;
            last.Value.Count++;
        }
        else
        {
            _buckets.AddLast(new Bucket { Start = start, Sum = value, Count = 1 });
        }

        Sum += value;
        Count++;
    }

    /// <summary>Drops every bucket that ends before <paramref name="cutoff"/>.</summary>
    public void EvictBefore(DateTimeOffset cutoff)
    {
        while (_buckets.First is { } first && first.Value.Start + bucketWidth.Ticks <= cutoff.UtcTicks)
        {
            Sum -= first.Value.Sum;
            Count -= first.Value.Count;
            _buckets.RemoveFirst();
        }

        if (_buckets.Count == 0)
        {
            // Keeps rounding error from accumulating over a multi-hour rally.
            Sum = 0;
        }
    }

    private sealed class Bucket
    {
        public long Start { get; init; }

        public double Sum { get; set; }

        public int Count { get; set; }
    }
}
