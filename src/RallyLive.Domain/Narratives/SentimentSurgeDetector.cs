namespace RallyLive.Domain.Narratives;

/// <summary>
/// Detects opposing sentiment surges: on one stream, the mean sentiment of the last
/// <see cref="SentimentSurgeOptions.Window"/> falls at least <see cref="SentimentSurgeOptions.MinimumDrop"/> below the
/// same stream's mean over the <see cref="SentimentSurgeOptions.BaselineWindow"/> before, to at most
/// <see cref="SentimentSurgeOptions.MaximumWindowMean"/>, across at least
/// <see cref="SentimentSurgeOptions.MinimumDistinctViewers"/> viewers. It reports the condition; the narrative detector
/// decides what is new. Not thread-safe.
/// </summary>
internal sealed class SentimentSurgeDetector(SentimentSurgeOptions options)
{
    private readonly Dictionary<string, SurgeStreamState> _streams = new(StringComparer.Ordinal);

    public int TrackedStreams => _streams.Count;

    /// <summary>Takes one message (stored with its clamped time); returns the stream's state after it.</summary>
    public SurgeStreamState Observe(ChatObservation observation, DateTimeOffset now)
    {
        if (!_streams.TryGetValue(observation.StreamId, out var stream))
        {
            _streams[observation.StreamId] = stream = new SurgeStreamState(options);
        }

        stream.Add(observation with { At = now }, now);
        return stream;
    }

    /// <summary>Moves every stream's windows on, and forgets streams silent for a whole baseline window.</summary>
    public void Expire(DateTimeOffset now)
    {
        foreach (var (streamId, stream) in _streams.ToList())
        {
            stream.Advance(now);
            if (now - stream.LastObserved > options.BaselineWindow)
            {
                _streams.Remove(streamId);
            }
        }
    }
}
