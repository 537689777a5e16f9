using RallyLive.Abstractions.Moderation;
using RallyLive.Abstractions.Narratives;
using RallyLive.Abstractions.Polls;
using RallyLive.Abstractions.Rallies;
using RallyLive.Abstractions.Sentiment;
using RallyLive.Abstractions.Streams;
using RallyLive.Domain.Narratives;

namespace RallyLive.Grains.Live;

/// <summary>
/// How grains push live signals to connected clients. Grains call it from their turns, so an implementation
/// must not block: it queues and returns. The server's implementation fans out over SignalR groups.
/// </summary>
public interface IRallyBroadcaster
{
    /// <summary>One stream's reactions and chat counts since its previous tick.</summary>
    void StreamFrame(StreamFrame frame);

    /// <summary>A chat message was stored; its state says who may see it.</summary>
    void ChatPosted(string rallyId, ChatMessage message);

    /// <summary>A moderator changed a message's state.</summary>
    void ChatChanged(string rallyId, ChatMessage message);

    /// <summary>Seconds of crowd sentiment that just completed, per stream and for the rally.</summary>
    void Sentiment(string rallyId, IReadOnlyList<SentimentBucket> buckets);

    /// <summary>A counter-narrative was raised, grew, changed trend, or was handled by the organiser.</summary>
    void Narrative(string rallyId, NarrativeView narrative);

    /// <summary>The rally changed: status, segment on stage, pinned items, polls.</summary>
    void RallyChanged(RallySnapshot rally);

    /// <summary>A poll opened, closed, or its tallies moved (sent at most a few times a second, never per vote).</summary>
    void PollChanged(PollSnapshot poll);

    /// <summary>A viewer was banned: close their open connections.</summary>
    void ViewerBanned(string rallyId, string viewerId);

    /// <summary>The rally's moderation changed: chat modes, blocked terms, timeouts, bans, flags or the audit log (at most twice a second).</summary>
    void ModerationChanged(string rallyId, ModerationSnapshot moderation);
}

/// <summary>The broadcaster of a host with no clients: drops everything.</summary>
public sealed class NoClientsBroadcaster : IRallyBroadcaster
{
    public void StreamFrame(StreamFrame frame)
    {
    }

    public void ChatPosted(string rallyId, ChatMessage message)
    {
    }

    public void ChatChanged(string rallyId, ChatMessage message)
    {
    }

    public void Sentiment(string rallyId, IReadOnlyList<SentimentBucket> buckets)
    {
    }

    public void Narrative(string rallyId, NarrativeView narrative)
    {
    }

    public void RallyChanged(RallySnapshot rally)
    {
    }

    public void PollChanged(PollSnapshot poll)
    {
    }

    public void ViewerBanned(string rallyId, string viewerId)
    {
    }

    public void ModerationChanged(string rallyId, ModerationSnapshot moderation)
    {
    }
}
