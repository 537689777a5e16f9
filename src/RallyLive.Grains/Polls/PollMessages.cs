using System.Collections.Immutable;

namespace RallyLive.Grains.Polls;

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
public sealed record CreatePollRequest(string Question, ImmutableArray<string> Options, ResultsVisibility Visibility = ResultsVisibility.Live);

/// <summary>A viewer's vote: <paramref name="OptionIndex"/> counts from zero.</summary>
public sealed record VoteRequest(string ViewerId, int OptionIndex);

/// <summary>A poll as organisers see it: always with tallies.</summary>
public sealed record PollSnapshot(
    string PollId,
    string RallyId,
    string Question,
    ImmutableArray<string> Options,
    ResultsVisibility Visibility,
    PollStatus Status,
    ImmutableArray<int> Tallies,
    int TotalVotes,
    DateTimeOffset? OpenedAt,
    DateTimeOffset? ClosedAt)
{
    /// <summary>What a viewer may see: no tallies while results are hidden until close.</summary>
    public PollSnapshot ForViewers() =>
        Visibility == ResultsVisibility.AtClose && Status != PollStatus.Closed
            ? this with { Tallies = [], TotalVotes = 0 }
            : this;
}

/// <summary>The answer to a vote: which option counts for the viewer now, and whether it replaced another.</summary>
public sealed record VoteReceipt(int OptionIndex, bool Changed);
