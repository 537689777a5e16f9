using System.Collections.Immutable;

namespace RallyLive.Abstractions.Polls;

/// <summary>
/// One poll of a rally, keyed <c>{rallyId}/{pollId}</c>. One vote per viewer id; a viewer may change their
/// vote until the poll closes; tallies are exact. A vote is durable when <see cref="Vote"/> returns, or when
/// <see cref="VoteMany"/> returns with its receipt.
/// </summary>
public interface IPollGrain : IGrainWithStringKey
{
    /// <summary>Creates the poll in draft. Refused if it exists, or its question or options break the limits.</summary>
    ValueTask<PollSnapshot> Create(CreatePollRequest request);

    /// <summary>Opens the poll for votes. Opening an open poll changes nothing; a closed poll stays closed.</summary>
    ValueTask<PollSnapshot> Open();

    /// <summary>Closes the poll; later votes are refused with <see cref="RallyErrorCode.PollClosed"/>.</summary>
    ValueTask<PollSnapshot> Close();

    /// <summary>Counts (or changes) a viewer's vote; durable when it returns.</summary>
    /// <remarks>Interleaves so that concurrent votes share storage commits; see <c>PollGrain</c>.</remarks>
    [AlwaysInterleave]
    ValueTask<VoteReceipt> Vote(VoteRequest request);

    /// <summary>
    /// Counts a batch of viewers' votes, each exactly as <see cref="Vote"/> would, and answers one outcome per request,
    /// in order: a receipt (the vote is durable) or its refusal. Lets a node send its viewers' votes in one call.
    /// </summary>
    /// <remarks>Interleaves so that its votes share storage commits with other calls' votes; see <c>PollGrain</c>.</remarks>
    [AlwaysInterleave]
    ValueTask<ImmutableArray<VoteOutcome>> VoteMany(ImmutableArray<VoteRequest> requests);

    /// <summary>The poll with its tallies, as organisers see it.</summary>
    [ReadOnly]
    ValueTask<PollSnapshot> GetSnapshot();

    /// <summary>The option a viewer voted for, or null.</summary>
    [ReadOnly]
    ValueTask<int?> GetVote(string viewerId);
}
