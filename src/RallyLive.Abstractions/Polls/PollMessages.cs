using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace RallyLive.Abstractions.Polls;

/// <summary>When viewers see a poll's tallies.</summary>
public enum ResultsVisibility
{
    /// <summary>Viewers see the tallies move as votes arrive.</summary>
    Live,

    /// <summary>Viewers see the tallies only once the poll has closed; organisers always see them.</summary>
    AtClose,
}

public enum PollStatus
{
    Draft,
    Open,
    Closed,
}

/// <summary>What an organiser asks for when creating a poll.</summary>
[GenerateSerializer, Immutable, Alias("rallylive.create-poll-request")]
public sealed record CreatePollRequest(
    [property: Id(0)] string Question,
    [property: Id(1)] ImmutableArray<string> Options,
    [property: Id(2)] ResultsVisibility Visibility = ResultsVisibility.Live);

/// <summary>A viewer's vote: <paramref name="OptionIndex"/> counts from zero.</summary>
[GenerateSerializer, Immutable, Alias("rallylive.vote-request")]
public sealed record VoteRequest([property: Id(0)] string ViewerId, [property: Id(1)] int OptionIndex);

/// <summary>A poll as organisers see it: always with tallies.</summary>
[GenerateSerializer, Immutable, Alias("rallylive.poll-snapshot")]
public sealed record PollSnapshot(
    [property: Id(0)] string PollId,
    [property: Id(1)] string RallyId,
    [property: Id(2)] string Question,
    [property: Id(3)] ImmutableArray<string> Options,
    [property: Id(4)] ResultsVisibility Visibility,
    [property: Id(5)] PollStatus Status,
    [property: Id(6)] ImmutableArray<int> Tallies,
    [property: Id(7)] int TotalVotes,
    [property: Id(8)] DateTimeOffset? OpenedAt,
    [property: Id(9)] DateTimeOffset? ClosedAt)
{
    /// <summary>What a viewer may see: no tallies while results are hidden until close.</summary>
    public PollSnapshot ForViewers() => HidesTalliesFromViewers ? this with { Tallies = [], TotalVotes = 0 } : this;

    /// <summary>Viewers see no tallies of a poll whose results show at its close until it closes.</summary>
    [JsonIgnore]
    public bool HidesTalliesFromViewers => Visibility == ResultsVisibility.AtClose && Status != PollStatus.Closed;
}

/// <summary>The answer to a vote: which option counts for the viewer now, and whether it replaced another.</summary>
[GenerateSerializer, Immutable, Alias("rallylive.vote-receipt")]
public sealed record VoteReceipt([property: Id(0)] int OptionIndex, [property: Id(1)] bool Changed);

/// <summary>What became of one vote of a batch: its receipt, or why it was refused (it then counted nothing).</summary>
[GenerateSerializer, Immutable, Alias("rallylive.vote-outcome")]
public sealed record VoteOutcome(
    [property: Id(0)] VoteReceipt? Receipt,
    [property: Id(1)] RallyErrorCode? Refused = null,
    [property: Id(2)] string? Reason = null)
{
    /// <summary>The receipt, or the refusal as the <see cref="RallyException"/> a single vote would have thrown.</summary>
    public VoteReceipt ReceiptOrThrow() => Receipt ?? throw new RallyException(Refused ?? RallyErrorCode.InvalidRequest, Reason ?? "Refused.");
}
