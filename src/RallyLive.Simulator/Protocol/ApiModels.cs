namespace RallyLive.Simulator.Protocol;

/// <summary>A rally the API created: its id and the organiser key that runs it.</summary>
public sealed record CreatedRally(string RallyId, string OrganiserKey);

/// <summary>A moderator key the organiser minted.</summary>
public sealed record MintedModeratorKey(string ModeratorId, string Name, string Key);

/// <summary>A viewer who joined a stream: their id in the rally and the token for the viewer hub.</summary>
public sealed record JoinedViewer(string ViewerId, string ViewerToken);

/// <summary>A chat message as the server stored it: its id and whether everyone sees it (<c>Visible</c>) or it waits (<c>Held</c>).</summary>
public sealed record SentChat(string Id, string State);

/// <summary>A viewer's question as the hubs answer with it: its id, state and upvotes.</summary>
public sealed record AskedQuestion(string Id, string State, int Upvotes);

/// <summary>A segment of the run of show as the organiser sees it.</summary>
public sealed record SegmentState(int Index, string Title, string? SpeakerId, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt);

/// <summary>A speaker of the rally.</summary>
public sealed record SpeakerState(string Id, string Name);

/// <summary>The rally as the organiser sees it (the parts the simulator reads).</summary>
public sealed record RallyState(string RallyId, string Title, string Status, IReadOnlyList<SpeakerState> Speakers, IReadOnlyList<SegmentState> RunOfShow, int? CurrentSegment, IReadOnlyList<string> PollIds);

/// <summary>A poll as the organiser sees it, always with tallies.</summary>
public sealed record PollState(string PollId, string Question, IReadOnlyList<string> Options, string Status, IReadOnlyList<int> Tallies, int TotalVotes);

/// <summary>A narrative the server detected: its kind (<c>NearDuplicate</c>, <c>Paraphrase</c>, <c>Raid</c>, <c>OpposingSentimentSurge</c>), streams and messages.</summary>
public sealed record NarrativeState(string Id, string Kind, string RepresentativeText, int MessageCount, int DistinctViewers, IReadOnlyList<string> Streams, IReadOnlyList<string> MessageIds);

/// <summary>The organiser's control panel as of <see cref="Sequence"/>.</summary>
public sealed record OrganiserState(long Sequence, RallyState Rally, IReadOnlyList<PollState> Polls, IReadOnlyList<NarrativeState> Narratives);
