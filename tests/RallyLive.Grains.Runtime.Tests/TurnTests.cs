using RallyLive.Grains.Runtime.Tests.Grains;

namespace RallyLive.Grains.Runtime.Tests;

/// <summary>Turn-based execution: which calls may run together in one activation.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TurnTests(ClusterFixture fixture)
{
    private GrainProbe Probe => fixture.Probe;

    [Fact]
    public async Task NonReentrantGrain_TwoCallsThatAwait_NeverInterleave()
    {
        var key = ClusterFixture.NewKey();
        var grain = fixture.Grains.GetGrain<ITurnGrain>(key);

        var first = grain.Enter("a");
        await Probe.Recorded(key, "start:a");
        var second = grain.Enter("b");
        await PassThroughAsync(grain, key);
        Probe.Open(key, "a");
        Probe.Open(key, "b");
        await Task.WhenAll(first, second);

        Assert.Equal(["start:a", "start:look", "end:look", "end:a", "start:b", "end:b"], Probe.Log(key));
    }

    [Fact]
    public async Task ReentrantGrain_TwoCallsThatAwait_Interleave()
    {
        var key = ClusterFixture.NewKey();
        var grain = fixture.Grains.GetGrain<IReentrantTurnGrain>(key);

        var first = grain.Enter("a");
        await Probe.Recorded(key, "start:a");
        var second = grain.Enter("b");
        await Probe.Recorded(key, "start:b");
        Probe.Open(key, "b");
        await second;
        Probe.Open(key, "a");
        await first;

        Assert.Equal(["start:a", "start:b", "end:b", "end:a"], Probe.Log(key));
    }

    [Fact]
    public async Task ReadOnlyCalls_InterleaveWithEachOther_ButNotWithAWrite()
    {
        var key = ClusterFixture.NewKey();
        var grain = fixture.Grains.GetGrain<ITurnGrain>(key);

        var firstRead = grain.Read("r1");
        await Probe.Recorded(key, "start:r1");
        var secondRead = grain.Read("r2");
        await Probe.Recorded(key, "start:r2");
        var write = grain.Enter("w");
        await PassThroughAsync(grain, key);
        Probe.Open(key, "w");
        Probe.Open(key, "r1");
        Probe.Open(key, "r2");
        await Task.WhenAll(firstRead, secondRead, write);

        var log = Probe.Log(key);
        Assert.Equal(["start:r1", "start:r2", "start:look", "end:look"], log.Take(4));
        Assert.True(log.ToList().IndexOf("start:w") > Math.Max(log.ToList().IndexOf("end:r1"), log.ToList().IndexOf("end:r2")));
    }

    [Fact]
    public async Task WriteCall_DoesNotInterleaveWithARunningReadOnlyCall()
    {
        var key = ClusterFixture.NewKey();
        var grain = fixture.Grains.GetGrain<ITurnGrain>(key);

        var read = grain.Read("r");
        await Probe.Recorded(key, "start:r");
        var write = grain.Enter("w");
        await PassThroughAsync(grain, key);
        Probe.Open(key, "w");
        Probe.Open(key, "r");
        await Task.WhenAll(read, write);

        Assert.Equal(["start:r", "start:look", "end:look", "end:r", "start:w", "end:w"], Probe.Log(key));
    }

    [Fact]
    public async Task ReentrantGrain_AskedToDeactivate_StartsNoFurtherCall_AndTheNextRunsOnANewActivation()
    {
        var key = ClusterFixture.NewKey();
        var grain = fixture.Grains.GetGrain<IReentrantTurnGrain>(key);

        var first = grain.Enter("a");
        await Probe.Recorded(key, "start:a");
        await grain.DeactivateWhenIdle();
        var second = grain.Enter("b");
        Probe.Open(key, "b");
        Probe.Open(key, "a");
        await Task.WhenAll(first, second);

        Assert.Equal(["start:a", "end:a", "start:b", "end:b"], Probe.Log(key));
    }

    /// <summary>
    /// Makes an always-interleave call that passes whatever waits. When it returns, anything queued before it
    /// that could have started would have: the log then shows exactly what is running.
    /// </summary>
    private async Task PassThroughAsync(ITurnRecorder grain, string key)
    {
        Probe.Open(key, "look");
        await grain.Interleave("look");
    }
}
