using System.Collections.Immutable;
using RallyLive.Abstractions.Moderation;
using RallyLive.Abstractions.Narratives;
using RallyLive.Abstractions.Polls;
using RallyLive.Abstractions.Questions;
using RallyLive.Abstractions.Rallies;
using RallyLive.Abstractions.Sentiment;
using RallyLive.Abstractions.Streams;

namespace RallyLive.Abstractions.Live;

/// <summary>
/// Something a rally's clients must hear of. A grain publishes it on the node it runs on; the rally's delivery
/// numbers it and hands it to every node with clients of the rally, and each node sends it to its own connections.
/// </summary>
[GenerateSerializer, Immutable, Alias("rallylive.rally-event")]
public abstract record RallyEvent([property: Id(0)] string RallyId);

/// <summary>
/// One stream's reactions and chat counts since its previous tick. Organisers get every frame; viewers only those
/// <paramref name="ForViewers"/>: a frame that says no more than that the viewer count changed goes to viewers at most
/// every <c>RallyLive:Streams:ViewerCountInterval</c>, so a crowd arriving is not sent a frame each tick of its arrival.
/// </summary>
[GenerateSerializer, Immutable, Alias("rallylive.stream-framed")]
public sealed record StreamFramed([property: Id(0)] StreamFrame Frame, [property: Id(1)] bool ForViewers = true) : RallyEvent(Frame.RallyId);

/// <summary>A chat message was stored; its state says who may see it.</summary>
[GenerateSerializer, Immutable, Alias("rallylive.chat-posted")]
public sealed record ChatPosted(string RallyId, [property: Id(0)] ChatMessage Message) : RallyEvent(RallyId);

/// <summary>A moderator changed a message's state.</summary>
[GenerateSerializer, Immutable, Alias("rallylive.chat-changed")]
public sealed record ChatChanged(string RallyId, [property: Id(0)] ChatMessage Message) : RallyEvent(RallyId);

/// <summary>Seconds of crowd sentiment that just completed, per stream and for the rally.</summary>
[GenerateSerializer, Immutable, Alias("rallylive.sentiment-sealed")]
public sealed record SentimentSealed(string RallyId, [property: Id(0)] ImmutableArray<SentimentBucket> Buckets) : RallyEvent(RallyId);

/// <summary>A counter-narrative was raised, grew, changed trend, or was handled by the organiser.</summary>
[GenerateSerializer, Immutable, Alias("rallylive.narrative-changed")]
public sealed record NarrativeChanged(string RallyId, [property: Id(0)] NarrativeView Narrative) : RallyEvent(RallyId);

/// <summary>The rally changed: status, segment on stage, pinned items, polls.</summary>
[GenerateSerializer, Immutable, Alias("rallylive.rally-changed")]
public sealed record RallyChanged([property: Id(0)] RallySnapshot Rally) : RallyEvent(Rally.RallyId);

/// <summary>A poll opened, closed, or its tallies moved (at most a few times a second, never per vote).</summary>
/// <param name="Poll">The poll as it is now: every announcement carries its whole state, so a newer one stands for any older.</param>
/// <param name="TalliesOnly">Only the tallies moved since the previous announcement: a poll whose results show at its
/// close looks the same to its viewers before and after it.</param>
[GenerateSerializer, Immutable, Alias("rallylive.poll-changed")]
public sealed record PollChanged([property: Id(0)] PollSnapshot Poll, [property: Id(1)] bool TalliesOnly = false) : RallyEvent(Poll.RallyId)
{
    /// <summary>Whether viewers see anything change: not when only tallies hidden from them moved.</summary>
    public bool ChangesWhatViewersSee => !(TalliesOnly && Poll.HidesTalliesFromViewers);
}

/// <summary>
/// The rally's moderation changed: chat modes, blocked terms, timeouts, bans, flags or the audit log (at most twice a
/// second). It carries only what changed since the previous announcement, never the whole flagged queue.
/// </summary>
[GenerateSerializer, Immutable, Alias("rallylive.moderation-delta-changed")]
public sealed record ModerationChanged(string RallyId, [property: Id(0)] ModerationDelta Changes) : RallyEvent(RallyId);

/// <summary>
/// Questions were asked, moderated, shown or upvoted: each as it is now. Upvote counts are announced a few times a
/// second at most, never once per upvote.
/// </summary>
[GenerateSerializer, Immutable, Alias("rallylive.questions-changed")]
public sealed record QuestionsChanged(string RallyId, [property: Id(0)] ImmutableArray<Question> Questions) : RallyEvent(RallyId);

/// <summary>A viewer was banned: every node closes the viewer's open connections.</summary>
[GenerateSerializer, Immutable, Alias("rallylive.viewer-banned")]
public sealed record ViewerBanned(string RallyId, [property: Id(0)] string ViewerId) : RallyEvent(RallyId);
