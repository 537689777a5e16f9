using System.Collections.Concurrent;
using RallyLive.Abstractions.Live;
using RallyLive.Abstractions.Moderation;
using RallyLive.Abstractions.Narratives;
using RallyLive.Abstractions.Polls;
using RallyLive.Abstractions.Questions;
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

    public void Publish(RallyEvent rallyEvent)
    {
        var recording = For(rallyEvent.RallyId);
        switch (rallyEvent)
        {
            case StreamFramed framed:
                recording.Frames.Enqueue(framed.Frame);
                if (framed.ForViewers)
                {
                    recording.ViewerFrames.Enqueue(framed.Frame);
                }

                break;
            case ChatPosted posted:
                recording.Posted.Enqueue(posted.Message);
                break;
            case ChatChanged changed:
                recording.Changed.Enqueue(changed.Message);
                break;
            case SentimentSealed sealedSeconds:
                foreach (var bucket in sealedSeconds.Buckets)
                {
                    recording.Buckets.Enqueue(bucket);
                }

                break;
            case NarrativeChanged narrative:
                recording.Narratives.Enqueue(narrative.Narrative);
                break;
            case RallyChanged rally:
                recording.Rallies.Enqueue(rally.Rally);
                break;
            case PollChanged poll:
                recording.Polls.Enqueue(poll.Poll);
                break;
            case ModerationChanged moderation:
                recording.Announce(moderation.Changes);
                break;
            case QuestionsChanged questions:
                recording.Questions.Enqueue(questions.Questions);
                break;
            case ViewerBanned banned:
                recording.Bans.Enqueue(banned.ViewerId);
                break;
            default:
                throw new ArgumentException($"No recording for {rallyEvent.GetType().Name}.", nameof(rallyEvent));
        }
    }
}

/// <summary>Everything broadcast for one rally, in the order it was broadcast.</summary>
public sealed class RallyRecording
{
    private readonly TaskCompletionSource<ModerationDelta> _firstModeration = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Every frame: what organisers are sent.</summary>
    public ConcurrentQueue<StreamFrame> Frames { get; } = new();

    /// <summary>The frames for viewers too.</summary>
    public ConcurrentQueue<StreamFrame> ViewerFrames { get; } = new();

    public ConcurrentQueue<ChatMessage> Posted { get; } = new();

    public ConcurrentQueue<ChatMessage> Changed { get; } = new();

    public ConcurrentQueue<SentimentBucket> Buckets { get; } = new();

    public ConcurrentQueue<NarrativeView> Narratives { get; } = new();

    public ConcurrentQueue<RallySnapshot> Rallies { get; } = new();

    public ConcurrentQueue<PollSnapshot> Polls { get; } = new();

    /// <summary>Question announcements: the questions that changed, as they are now.</summary>
    public ConcurrentQueue<System.Collections.Immutable.ImmutableArray<Question>> Questions { get; } = new();

    /// <summary>Viewers banned.</summary>
    public ConcurrentQueue<string> Bans { get; } = new();

    /// <summary>Moderation announcements: each carries what changed since the one before.</summary>
    public ConcurrentQueue<ModerationDelta> Moderation { get; } = new();

    /// <summary>The first moderation announcement, when it comes.</summary>
    public Task<ModerationDelta> FirstModeration => _firstModeration.Task;

    public IEnumerable<StreamFrame> FramesOf(string streamId) => Frames.Where(f => f.StreamId == streamId);

    public IEnumerable<StreamFrame> ViewerFramesOf(string streamId) => ViewerFrames.Where(f => f.StreamId == streamId);

    internal void Announce(ModerationDelta moderation)
    {
        Moderation.Enqueue(moderation);
        _firstModeration.TrySetResult(moderation);
    }
}
