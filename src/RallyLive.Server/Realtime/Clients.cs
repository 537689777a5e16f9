using RallyLive.Abstractions.Moderation;
using RallyLive.Abstractions.Narratives;
using RallyLive.Abstractions.Polls;
using RallyLive.Abstractions.Questions;
using RallyLive.Abstractions.Rallies;
using RallyLive.Abstractions.Sentiment;
using RallyLive.Abstractions.Streams;
using RallyLive.Domain.Narratives;
using RallyLive.Server.Api;
using RallyLive.Server.Realtime.Delivery;

namespace RallyLive.Server.Realtime;

/// <summary>What the server sends to viewers of a stream. Every message starts with the rally's sequence number.</summary>
public interface IViewerClient
{
    /// <summary>The reactions of one tick of the stream (a few per second), with the viewer count.</summary>
    Task ReactionBurst(long sequence, StreamFrame frame);

    /// <summary>A chat message became visible on the stream.</summary>
    Task ChatMessage(long sequence, ChatMessage message);

    /// <summary>A moderator hid or deleted a message: remove it.</summary>
    Task ChatMessageRemoved(long sequence, string messageId);

    /// <summary>The rally changed: status, segment and speaker on stage, pinned items.</summary>
    Task RallyUpdated(long sequence, PublicRally rally);

    /// <summary>A poll opened or closed, or its tallies moved (no tallies while results are shown only at close).</summary>
    Task PollUpdated(long sequence, PollSnapshot poll);

    /// <summary>Questions were approved, shown, upvoted (a few times a second at most), or left the viewers' list.</summary>
    Task QuestionsChanged(long sequence, QuestionsDelta delta);
}

/// <summary>What the server sends to a rally's organisers: the dashboard. Every message starts with the rally's sequence number.</summary>
public interface IOrganiserClient
{
    Task StreamFrame(long sequence, StreamFrame frame);

    Task Sentiment(long sequence, IReadOnlyList<SentimentBucket> buckets);

    Task Narrative(long sequence, NarrativeView narrative);

    Task RallyUpdated(long sequence, RallySnapshot rally);

    /// <summary>A poll opened or closed, or its tallies moved; at most a few times a second.</summary>
    Task PollUpdated(long sequence, PollSnapshot poll);

    /// <summary>
    /// What changed in the rally's moderation (chat modes, timeouts, bans, flags, audit log) since the previous message;
    /// at most twice a second. Apply it to the moderation of the catch-up.
    /// </summary>
    Task ModerationChanged(long sequence, ModerationDelta changes);

    /// <summary>Questions were asked, moderated, shown or upvoted: each as it is now.</summary>
    Task QuestionsChanged(long sequence, QuestionsDelta delta);

    /// <summary>
    /// The node this panel is connected to changed how much it sends viewers (it sheds load while saturated, and
    /// stops when the load eases); sent on connect while it sheds. About the node, not the rally: no sequence number.
    /// </summary>
    Task ServerLoad(DeliveryLoad load);
}

/// <summary>What the server sends to a rally's moderators: every message of every stream, held ones included. Every message starts with the rally's sequence number.</summary>
public interface IModeratorClient
{
    Task ChatMessage(long sequence, ChatMessage message);

    Task ChatMessageChanged(long sequence, ChatMessage message);

    /// <summary>
    /// What changed in the rally's moderation (chat modes, timeouts, bans, flags, audit log) since the previous message;
    /// at most twice a second. Apply it to the moderation of the catch-up.
    /// </summary>
    Task ModerationChanged(long sequence, ModerationDelta changes);

    /// <summary>Questions were asked, moderated, shown or upvoted: each as it is now.</summary>
    Task QuestionsChanged(long sequence, QuestionsDelta delta);
}

/// <summary>The SignalR groups the broadcaster sends to.</summary>
public static class Groups
{
    public static string Stream(string rallyId, string streamId) => $"stream:{rallyId}/{streamId}";

    public static string Viewers(string rallyId) => $"viewers:{rallyId}";

    public static string Organisers(string rallyId) => $"organisers:{rallyId}";

    public static string Moderators(string rallyId) => $"moderators:{rallyId}";
}
