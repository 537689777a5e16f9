using System.Collections.Immutable;
using RallyLive.Grains.Moderation;
using RallyLive.Grains.Streams;

namespace RallyLive.Server.Realtime;

// One request record per hub method, so that each call can grow without breaking clients.

public sealed record JoinStreamCall(string StreamId, string DisplayName);

public sealed record StreamCall(string StreamId);

public sealed record ReactCall(string StreamId, ImmutableDictionary<string, int> Counts);

public sealed record SendChatCall(string StreamId, string Text);

public sealed record VoteCall(string PollId, int OptionIndex);

public sealed record PollCall(string PollId);

public sealed record ReportMessageCall(string StreamId, string MessageId, string Reason);

public sealed record UnpinCall(string PinId);

public sealed record NarrativeCall(string NarrativeId);

public sealed record AnswerNarrativeCall(string NarrativeId, string Response);

public sealed record MessageActionCall(string StreamId, string MessageId, MessageAction Action, string? Reason);

public sealed record ChatModesCall(int SlowModeSeconds, bool HoldForReview, bool ShieldMode);

public sealed record BlockedTermCall(string Term);

public sealed record TimeOutCall(string ViewerId, int Seconds, string? Reason);

public sealed record BanCall(string ViewerId, string? Reason);

public sealed record UnbanCall(string ViewerId);

/// <summary>Everything a moderation console shows: the rules, the flagged queue, the audit log and every stream's chat.</summary>
public sealed record ModeratorConsole(ModerationSnapshot Moderation, ImmutableArray<StreamSnapshot> Streams);
