using System.Collections.Immutable;
using RallyLive.Abstractions;
using RallyLive.Abstractions.Polls;
using RallyLive.Server.Realtime;

namespace RallyLive.Server.Tests;

/// <summary>The node's batcher of votes, over a stand-in for the poll grains whose calls the test completes.</summary>
public sealed class VoteBatcherTests
{
    private readonly GrainCallStandIn<VoteRequest, VoteOutcome> _grains = new();

    [Fact]
    public async Task VotesThatArriveWhileACallIsOnItsWay_GoTogetherInTheNextCall_AndEachVoterGetsTheirOwnReceiptOrRefusal()
    {
        var first = VoteAsync("r/poll1", new VoteRequest("viewer-0", 0));
        var firstCall = await _grains.NextCallAsync();
        var waiting = Enumerable.Range(1, 4).Select(i => VoteAsync("r/poll1", new VoteRequest($"viewer-{i}", i % 2))).ToList();

        firstCall.Reply.SetResult([new VoteOutcome(new VoteReceipt(0, Changed: false))]);
        var secondCall = await _grains.NextCallAsync();
        secondCall.Reply.SetResult([.. secondCall.Requests.Select((r, i) => i == 1
            ? new VoteOutcome(null, RallyErrorCode.PollClosed, "The poll has closed.")
            : new VoteOutcome(new VoteReceipt(r.OptionIndex, Changed: i == 2)))]);

        Assert.Equal(["viewer-0"], firstCall.Requests.Select(r => r.ViewerId));
        Assert.Equal(["viewer-1", "viewer-2", "viewer-3", "viewer-4"], secondCall.Requests.Select(r => r.ViewerId));
        Assert.Equal(new VoteReceipt(0, Changed: false), await first);
        Assert.Equal(new VoteReceipt(1, Changed: false), await waiting[0]);
        var refused = await Assert.ThrowsAsync<RallyException>(() => waiting[1]);
        Assert.Equal(RallyErrorCode.PollClosed, refused.Code);
        Assert.Equal("The poll has closed.", refused.Message);
        Assert.Equal(new VoteReceipt(1, Changed: true), await waiting[2]);
        Assert.Equal(new VoteReceipt(0, Changed: false), await waiting[3]);
        Assert.True(_grains.NoCallWaiting);
    }

    [Fact]
    public async Task PollsAreBatchedApart()
    {
        var first = VoteAsync("r/poll1", new VoteRequest("viewer-1", 0));
        var second = VoteAsync("r/poll2", new VoteRequest("viewer-1", 1));
        var calls = new[] { await _grains.NextCallAsync(), await _grains.NextCallAsync() };

        foreach (var call in calls)
        {
            call.Reply.SetResult([new VoteOutcome(new VoteReceipt(call.Requests[0].OptionIndex, Changed: false))]);
        }

        Assert.Equal(["r/poll1", "r/poll2"], calls.Select(c => c.GrainKey).Order(StringComparer.Ordinal));
        Assert.Equal(0, (await first).OptionIndex);
        Assert.Equal(1, (await second).OptionIndex);
    }

    [Fact]
    public async Task ACallThatFails_FailsEveryVoteItCarried_AndTheNextVotesStillGo()
    {
        var first = VoteAsync("r/poll1", new VoteRequest("viewer-0", 0));
        var firstCall = await _grains.NextCallAsync();
        var carriedTogether = new[] { VoteAsync("r/poll1", new VoteRequest("viewer-1", 0)), VoteAsync("r/poll1", new VoteRequest("viewer-2", 1)) };

        firstCall.Reply.SetResult([new VoteOutcome(new VoteReceipt(0, Changed: false))]);
        var failedCall = await _grains.NextCallAsync();
        var after = VoteAsync("r/poll1", new VoteRequest("viewer-3", 1));
        failedCall.Reply.SetException(new TimeoutException("The poll did not answer."));
        var lastCall = await _grains.NextCallAsync();
        lastCall.Reply.SetResult([new VoteOutcome(new VoteReceipt(1, Changed: false))]);

        Assert.Equal(2, failedCall.Requests.Length);
        Assert.Equal(0, (await first).OptionIndex);
        foreach (var vote in carriedTogether)
        {
            await Assert.ThrowsAsync<TimeoutException>(() => vote);
        }

        Assert.Equal(["viewer-3"], lastCall.Requests.Select(r => r.ViewerId));
        Assert.Equal(1, (await after).OptionIndex);
    }

    /// <summary>As the hub votes: the voter's own receipt, or its refusal thrown.</summary>
    private async Task<VoteReceipt> VoteAsync(string pollKey, VoteRequest request) =>
        (await _grains.Batcher.CallAsync(pollKey, request)).ReceiptOrThrow();

}
