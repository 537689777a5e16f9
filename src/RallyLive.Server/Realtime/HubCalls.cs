using System.Collections.Immutable;
using RallyLive.Abstractions.Moderation;
using RallyLive.Abstractions.Narratives;
using RallyLive.Abstractions.Polls;
using RallyLive.Abstractions.Questions;
using RallyLive.Abstractions.Rallies;
using RallyLive.Abstractions.Sentiment;
using RallyLive.Abstractions.Streams;
using RallyLive.Server.Api;

namespace RallyLive.Server.Realtime;

// One request record per hub method, so that each call can grow without breaking clients.

public sealed record JoinStreamCall(string StreamId, string DisplayName);

public sealed record StreamCall(string StreamId);

public sealed record ReactCall(string StreamId, ImmutableDictionary<string, int> Counts);

public sealed record SendChatCall(string StreamId, string Text);

public sealed record VoteCall(string PollId, int OptionIndex);

public sealed record PollCall(string PollId);

public sealed record ReportMessageCall(string StreamId, string MessageId, string Reason);

public sealed record AskQuestionCall(string StreamId, string Text);

public sealed record QuestionCall(string QuestionId);

public sealed record UnpinCall(string PinId);

public sealed record NarrativeCall(string NarrativeId);

public sealed record AnswerNarrativeCall(string NarrativeId, string Response);

public sealed record MessageActionCall(string StreamId, string MessageId, MessageAction Action, string? Reason);

public sealed record ChatModesCall(int SlowModeSeconds, bool HoldForReview, bool ShieldMode);

public sealed record BlockedTermCall(string Term);

public sealed record TimeOutCall(string ViewerId, int Seconds, string? Reason);

public sealed record BanCall(string ViewerId, string? Reason);

public sealed record UnbanCall(string ViewerId);

public sealed record ViewerHistoryCall(string ViewerId);

/// <summary>
/// One viewer as a moderator's card shows them: their latest messages in the rally (every stream, every state, newest
/// first), what moderators did about them (newest first) and whether they are banned or timed out now.
/// </summary>
public sealed record ViewerHistory(
    string ViewerId,
    string? DisplayName,
    ImmutableArray<ChatMessage> Messages,
    ImmutableArray<AuditEntry> Actions,
    bool Banned,
    DateTimeOffset? TimedOutUntil);

/// <summary>
/// Everything a moderation console shows: the rules, the flagged queue, the audit log and every stream's chat,
/// as of <see cref="Sequence"/> or later.
/// </summary>
public sealed record ModeratorConsole(long Sequence, ModerationSnapshot Moderation, ImmutableArray<StreamSnapshot> Streams, ImmutableArray<Question> Questions);

/// <summary>
/// What a (re)connecting viewer needs, as of <see cref="Sequence"/> or later: the rally (speaker on stage, pinned
/// items), the stream (viewers, totals, recent visible chat), the rally's polls as viewers may see them, and its
/// approved and shown questions, most upvoted first.
/// Frames numbered at or below <see cref="Sequence"/> are already reflected here.
/// </summary>
public sealed record ViewerCatchUp(long Sequence, PublicRally Rally, StreamSnapshot Stream, ImmutableArray<PollSnapshot> Polls, ImmutableArray<Question> Questions);

/// <summary>The control panel's state as of <see cref="Sequence"/> or later: rally, polls with tallies, narratives, recent sentiment, moderation, every question.</summary>
public sealed record OrganiserCatchUp(
    long Sequence,
    RallySnapshot Rally,
    ImmutableArray<PollSnapshot> Polls,
    ImmutableArray<NarrativeView> Narratives,
    ImmutableArray<SentimentBucket> RecentSentiment,
    ModerationSnapshot Moderation,
    ImmutableArray<Question> Questions);

/// <summary>
/// Questions that changed, as they are now (apply by id), and, for viewers, the ids of questions they no longer see
/// (rejected, or answered after being shown). Moderators and organisers get every question and no removals.
/// </summary>
public sealed record QuestionsDelta(ImmutableArray<Question> Questions, ImmutableArray<string> Removed);
