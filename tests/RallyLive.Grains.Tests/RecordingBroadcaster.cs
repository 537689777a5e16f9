using System.Collections.Concurrent;
using RallyLive.Abstractions.Moderation;
using RallyLive.Abstractions.Narratives;
using RallyLive.Abstractions.Polls;
using RallyLive.Abstractions.Rallies;
using RallyLive.Abstractions.Sentiment;
using RallyLive.Abstractions.Streams;
using RallyLive.Domain.Narratives;
using RallyLive.Grains.Live;

namespace RallyLive.Grains.Tests;

/// <summary>Keeps everything grains broadcast, for tests to inspect.</summary>
public sealed class RecordingBroadcaster : IRallyBroadcaster
{
    public ConcurrentQueue<StreamFrame> Frames { get; } = new();

    public ConcurrentQueue<ChatMessage> Posted { get; } = new();

    public ConcurrentQueue<ChatMessage> Changed { get; } = new();

    public ConcurrentQueue<SentimentBucket> Buckets { get; } = new();

    public ConcurrentQueue<NarrativeView> Narratives { get; } = new();

    public ConcurrentQueue<RallySnapshot> Rallies { get; } = new();

    public ConcurrentQueue<PollSnapshot> Polls { get; } = new();

    public void RallyChanged(RallySnapshot rally) => Rallies.Enqueue(rally);

    public void PollChanged(PollSnapshot poll) => Polls.Enqueue(poll);

    public ConcurrentQueue<(string RallyId, string ViewerId)> Bans { get; } = new();

    public void ViewerBanned(string rallyId, string viewerId) => Bans.Enqueue((rallyId, viewerId));

    private readonly TaskCompletionSource<ModerationSnapshot> _firstModeration = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<(string RallyId, ModerationSnapshot Moderation)> Moderation { get; } = new();

    /// <summary>The first moderation announcement, when it comes.</summary>
    public Task<ModerationSnapshot> FirstModeration => _firstModeration.Task;

    public void ModerationChanged(string rallyId, ModerationSnapshot moderation)
    {
        Moderation.Enqueue((rallyId, moderation));
        _firstModeration.TrySetResult(moderation);
    }

    public void StreamFrame(StreamFrame frame) => Frames.Enqueue(frame);

    public void Narrative(string rallyId, NarrativeView narrative) => Narratives.Enqueue(narrative);

    public void Sentiment(string rallyId, IReadOnlyList<SentimentBucket> buckets)
    {
        foreach (var bucket in buckets)
        {
            Buckets.Enqueue(bucket);
        }
    }

    public void ChatPosted(string rallyId, ChatMessage message) => Posted.Enqueue(message);

    public void ChatChanged(string rallyId, ChatMessage message) => Changed.Enqueue(message);

    public IEnumerable<StreamFrame> FramesOf(string rallyId, string streamId) =>
        Frames.Where(f => f.RallyId == rallyId && f.StreamId == streamId);
}
