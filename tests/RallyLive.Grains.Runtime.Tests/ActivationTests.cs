using RallyLive.Grains.Runtime.Tests.Grains;

namespace RallyLive.Grains.Runtime.Tests;

[Collection(ClusterCollection.Name)]
public sealed class ActivationTests(ClusterFixture fixture)
{
    [Fact]
    public async Task FirstCalls_WhenAThousandArriveAtOnce_CreateExactlyOneActivation()
    {
        var key = ClusterFixture.NewKey();

        var ids = await Task.WhenAll(Enumerable.Range(0, 1000)
            .Select(_ => Task.Run(() => fixture.Grains.GetGrain<ICounterGrain>(key).GetActivationId())));

        Assert.Single(ids.Distinct());
        Assert.Equal(1, fixture.Probe.Count(key + ":activated"));
    }

    [Fact]
    public async Task ConcurrentCalls_OnOneActivation_AreAllApplied()
    {
        var key = ClusterFixture.NewKey();

        await Task.WhenAll(Enumerable.Range(0, 500).Select(_ => Task.Run(async () => await fixture.Grains.GetGrain<ICounterGrain>(key).Add(1))));

        Assert.Equal(500, await fixture.Grains.GetGrain<ICounterGrain>(key).Get());
    }

    [Fact]
    public async Task Exception_ReachesTheCaller_AndLeavesTheActivationAlive()
    {
        var grain = fixture.Grains.GetGrain<ICounterGrain>(ClusterFixture.NewKey());
        await grain.Add(2);
        var activation = await grain.GetActivationId();

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Fail("the microphone is off"));
        var thrownAfterAwait = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.FailAfterAwait("the stream dropped"));

        Assert.Equal("the microphone is off", thrown.Message);
        Assert.Equal("the stream dropped", thrownAfterAwait.Message);
        Assert.Equal(3, await grain.Add(1));
        Assert.Equal(activation, await grain.GetActivationId());
    }

    [Fact]
    public async Task FailedActivation_ReachesTheCaller_AndTheNextCallActivatesAfresh()
    {
        var key = ClusterFixture.NewKey();
        fixture.Probe.Increment("failures:" + key);
        var grain = fixture.Grains.GetGrain<IFragileGrain>(key);

        var failure = await Assert.ThrowsAsync<GrainActivationException>(() => grain.Hello());

        Assert.Contains("fragile/" + key, failure.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(failure.InnerException);
        Assert.Equal("hello from " + key, await grain.Hello());
    }

    [Fact]
    public async Task GrainToGrainCalls_NestedDeeperThanTheInlineLimit_Complete()
    {
        var path = Enumerable.Range(0, 20).Select(i => $"{ClusterFixture.NewKey()}-{i}").ToArray();

        var visited = await fixture.Grains.GetGrain<IPingGrain>(path[0]).Ping(path[1..]);

        Assert.Equal(string.Join(">", path), visited);
    }

    [Fact]
    public async Task GuidAndIntegerKeys_ReachTheGrainUnchanged()
    {
        var guid = Guid.NewGuid();

        Assert.Equal(guid, await fixture.Grains.GetGrain<IGuidKeyGrain>(guid).GetKey());
        Assert.Equal(-42L, await fixture.Grains.GetGrain<IIntegerKeyGrain>(-42).GetKey());
        Assert.Equal(long.MaxValue, await fixture.Grains.GetGrain<IIntegerKeyGrain>(long.MaxValue).GetKey());
    }

    [Fact]
    public void References_ToTheSameGrain_AreEqual()
    {
        var key = ClusterFixture.NewKey();

        var first = fixture.Grains.GetGrain<ICounterGrain>(key);
        var second = fixture.Grains.GetGrain<ICounterGrain>(key);

        Assert.Equal(first, second);
        Assert.Equal(new GrainId("counter", key), first.GetGrainId());
        Assert.NotEqual(first, fixture.Grains.GetGrain<ICounterGrain>(ClusterFixture.NewKey()));
    }
}
