using System.Collections.Concurrent;
using RallyLive.Abstractions.Moderation;
using RallyLive.Abstractions.Narratives;
using RallyLive.Abstractions.Polls;
using RallyLive.Abstractions.Rallies;
using RallyLive.Abstractions.Sentiment;
using RallyLive.Abstractions.Streams;
using RallyLive.Grains.Live;

namespace RallyLive.Grains.Tests;

/// <summary>
/// Keeps everything grains broadcast, rally by rally, for tests to inspect. Tests of a class share one cluster, so
/// each looks only at its own rally's recording (<see cref="For"/>).
/// </summary>
public sealed class RecordingBroadcaster : IRallyBroadcaster
{
    private readonly ConcurrentDictionary<string, RallyRecording> _rallies = new(StringComparer.Ordinal);

    /// <summary>What was broadcast for one rally.</summary>
    public RallyRecording For(string rallyId) => _rallies.GetOrAdd(rallyId, _ => new RallyRecording());

    public void RallyChanged(RallySnapshot rally) => For(rally.RallyId).Rallies.Enqueue(rally);

    public void PollChanged(PollSnapshot poll) => For(poll.RallyId).Polls.Enqueue(poll);

    public void ViewerBanned(string rallyId, string viewerId) => For(rallyId).Bans.Enqueue(viewerId);

    public void ModerationChanged(string rallyId, ModerationSnapshot moderation) => For(rallyId).Announce(moderation);

    public void StreamFrame(StreamFrame frame) => For(frame.RallyId).Frames.Enqueue(frame);

    public void Narrative(string rallyId, NarrativeView narrative) => For(rallyId).Narratives.Enqueue(narrative);

    public void Sentiment(string rallyId, IReadOnlyList<SentimentBucket> buckets)
    {
        foreach (var bucket in buckets)
        {
            For(rallyId).Buckets.Enqueue(bucket);
        }
    }

    public void ChatPosted(string rallyId, ChatMessage message) => For(rallyId).Posted.Enqueue(message);

    public void ChatChanged(string rallyId, ChatMessage message) => For(rallyId).Changed.Enqueue(message);
}

/// <summary>Everything broadcast for one rally, in the order it was broadcast.</summary>
public sealed class RallyRecording
{
    private readonly TaskCompletionSource<ModerationSnapshot> _firstModeration = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<StreamFrame> Frames { get; } = new();

    public ConcurrentQueue<ChatMessage> Posted { get; } = new();

    public ConcurrentQueue<ChatMessage> Changed { get; } = new();

    public ConcurrentQueue<SentimentBucket> Buckets { get; } = new();

    public ConcurrentQueue<NarrativeView> Narratives { get; } = new();

    public ConcurrentQueue<RallySnapshot> Rallies { get; } = new();

    public ConcurrentQueue<PollSnapshot> Polls { get; } = new();

    /// <summary>Viewers banned.</summary>
    public ConcurrentQueue<string> Bans { get; } = new();

    public ConcurrentQueue<ModerationSnapshot> Moderation { get; } = new();

    /// <summary>The first moderation announcement, when it comes.</summary>
    public Task<ModerationSnapshot> FirstModeration => _firstModeration.Task;

    public IEnumerable<StreamFrame> FramesOf(string streamId) => Frames.Where(f => f.StreamId == streamId);

    internal void Announce(ModerationSnapshot moderation)
    {
        Moderation.Enqueue(moderation);
        _firstModeration.TrySetResult(moderation);
    }
}
