using System.Collections.Immutable;
using RallyLive.Abstractions;
using RallyLive.Abstractions.Streams;
using RallyLive.Server.Realtime;

namespace RallyLive.Server.Tests;

/// <summary>The node's batcher of reactions, over a stand-in for the stream grains whose calls the test completes.</summary>
public sealed class ReactionBatcherTests
{
    private static readonly ImmutableDictionary<string, int> OneCheer = ImmutableDictionary<string, int>.Empty.Add("cheer", 1);

    private readonly GrainCallStandIn<ReactRequest, ReactOutcome> _grains = new();

    [Fact]
    public async Task BatchesThatArriveWhileACallIsOnItsWay_GoTogetherInTheNextCall_AndEachCallerGetsItsOwnOutcome()
    {
        var first = ReactAsync("r/main", new ReactRequest("viewer-0", OneCheer));
        var firstCall = await _grains.NextCallAsync();
        var waiting = Enumerable.Range(1, 5).Select(i => ReactAsync("r/main", new ReactRequest($"viewer-{i}", OneCheer))).ToList();

        firstCall.Reply.SetResult([Accepted(1)]);
        var secondCall = await _grains.NextCallAsync();
        secondCall.Reply.SetResult([.. secondCall.Requests.Select((r, i) => i == 2 ? Refused(RallyErrorCode.ViewerNotJoined) : Accepted(i + 10))]);

        Assert.Equal(["viewer-0"], firstCall.Requests.Select(r => r.ViewerId));
        Assert.Equal(["viewer-1", "viewer-2", "viewer-3", "viewer-4", "viewer-5"], secondCall.Requests.Select(r => r.ViewerId));
        Assert.Equal(1, (await first).Accepted);
        Assert.Equal(10, (await waiting[0]).Accepted);
        Assert.Equal(11, (await waiting[1]).Accepted);
        Assert.Equal(RallyErrorCode.ViewerNotJoined, (await Assert.ThrowsAsync<RallyException>(() => waiting[2])).Code);
        Assert.Equal(14, (await waiting[4]).Accepted);
        Assert.True(_grains.NoCallWaiting);
    }

    [Fact]
    public async Task StreamsAreBatchedApart()
    {
        var main = ReactAsync("r/main", new ReactRequest("viewer-1", OneCheer));
        var street = ReactAsync("r/street", new ReactRequest("viewer-2", OneCheer));
        var calls = new[] { await _grains.NextCallAsync(), await _grains.NextCallAsync() };

        foreach (var call in calls)
        {
            call.Reply.SetResult([Accepted(call.GrainKey == "r/main" ? 1 : 2)]);
        }

        Assert.Equal(["r/main", "r/street"], calls.Select(c => c.GrainKey).Order(StringComparer.Ordinal));
        Assert.Equal(1, (await main).Accepted);
        Assert.Equal(2, (await street).Accepted);
    }

    [Fact]
    public async Task ACallThatFails_FailsTheBatchesItCarried_AndTheNextBatchesStillGo()
    {
        var first = ReactAsync("r/main", new ReactRequest("viewer-1", OneCheer));
        var firstCall = await _grains.NextCallAsync();
        var second = ReactAsync("r/main", new ReactRequest("viewer-2", OneCheer));

        firstCall.Reply.SetException(new TimeoutException("The stream did not answer."));
        var secondCall = await _grains.NextCallAsync();
        secondCall.Reply.SetResult([Accepted(3)]);

        await Assert.ThrowsAsync<TimeoutException>(() => first);
        Assert.Equal(3, (await second).Accepted);
    }

    /// <summary>As the hub reacts: the caller's own receipt, or its refusal thrown.</summary>
    private async Task<ReactReceipt> ReactAsync(string streamKey, ReactRequest request) =>
        (await _grains.Batcher.CallAsync(streamKey, request)).ReceiptOrThrow();

    private static ReactOutcome Accepted(int count) => new(new ReactReceipt(count));

    private static ReactOutcome Refused(RallyErrorCode code) => new(null, code, "Refused in the test.");
}
