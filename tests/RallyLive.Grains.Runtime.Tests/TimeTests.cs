using RallyLive.Grains.Runtime.Tests.Grains;
using RallyLive.Grains.TestingHost;

namespace RallyLive.Grains.Runtime.Tests;

/// <summary>Timers, call timeouts and idle collection, on clusters whose clocks the tests move.</summary>
public sealed class TimeTests
{
    private readonly GrainProbe _probe = new();

    [Fact]
    public async Task GrainTimer_TicksOncePerPeriod_UntilDisposed()
    {
        await using var cluster = await ClusterFixture.StartOwnClusterAsync(_probe);
        var grain = cluster.GrainFactory.GetGrain<ITimerGrain>(ClusterFixture.NewKey());
        await grain.StartTimer(TimeSpan.FromSeconds(1), keepAlive: false, holdTicks: false);

        cluster.Time.Advance(TimeSpan.FromSeconds(1));
        var afterOne = await grain.CountTicks();
        cluster.Time.Advance(TimeSpan.FromSeconds(1));
        var afterTwo = await grain.CountTicks();
        await grain.StopTimer();
        cluster.Time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(1, afterOne);
        Assert.Equal(2, afterTwo);
        Assert.Equal(2, await grain.CountTicks());
    }

    [Fact]
    public async Task GrainTimer_CallbackNeverRunsWhileACallIsInProgress()
    {
        await using var cluster = await ClusterFixture.StartOwnClusterAsync(_probe);
        var key = ClusterFixture.NewKey();
        var grain = cluster.GrainFactory.GetGrain<ITimerGrain>(key);
        await grain.StartTimer(TimeSpan.FromSeconds(1), keepAlive: false, holdTicks: false);

        var hold = grain.Hold("h");
        await _probe.Recorded(key, "hold-start:h");
        cluster.Time.Advance(TimeSpan.FromSeconds(1));
        var ticksDuringCall = await grain.PeekTicks();
        _probe.Open(key, "h");
        await hold;

        Assert.Equal(0, ticksDuringCall);
        Assert.Equal(1, await grain.CountTicks());
        Assert.Equal(["hold-start:h", "hold-end:h", "tick:1"], _probe.Log(key));
        Assert.Equal(1, _probe.MaxOverlap(key));
    }

    [Fact]
    public async Task Call_ThatDoesNotCompleteInTime_FailsWithTimeoutException()
    {
        await using var cluster = await ClusterFixture.StartOwnClusterAsync(_probe, o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
        var key = ClusterFixture.NewKey();
        var grain = cluster.GrainFactory.GetGrain<ITurnGrain>(key);

        var call = grain.Enter("never");
        await _probe.Recorded(key, "start:never");
        cluster.Time.Advance(TimeSpan.FromSeconds(5));

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => call);
        _probe.Open(key, "never");
        Assert.Contains("ITurnRecorder.Enter", timeout.Message, StringComparison.Ordinal);
        Assert.Contains("turn/" + key, timeout.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoNonReentrantGrains_CallingEachOther_EndInATimeoutNotAHang()
    {
        await using var cluster = await ClusterFixture.StartOwnClusterAsync(_probe, o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
        var (a, b) = (ClusterFixture.NewKey(), ClusterFixture.NewKey());
        var first = cluster.GrainFactory.GetGrain<IPingGrain>(a);
        var armedBefore = cluster.Time.ArmedTimers;

        // a calls b, b calls a back: the clock moves only once all three calls wait, each with its response timeout.
        var deadlocked = first.Ping([b, a]);
        await cluster.Time.WhenArmedTimers(armedBefore + 3).WaitAsync(TimeSpan.FromSeconds(10));
        cluster.Time.Advance(TimeSpan.FromSeconds(5));

        await Assert.ThrowsAsync<TimeoutException>(() => deadlocked);
        Assert.Equal(a, await first.Ping([]));
        Assert.Equal(b + ">" + a, await cluster.GrainFactory.GetGrain<IPingGrain>(b).Ping([a]));
    }

    [Fact]
    public async Task IdleGrain_IsDeactivatedAfterItsCollectionAge_AndReactivatesWithItsStoredState_AlsoInANewHost()
    {
        await using var cluster = await ClusterFixture.StartOwnClusterAsync(_probe, o =>
        {
            o.Storage = TestStorage.Sqlite;
            o.CollectionAge = TimeSpan.FromMinutes(10);
        });
        var key = ClusterFixture.NewKey();
        var grain = cluster.GrainFactory.GetGrain<ICounterGrain>(key);
        await grain.Add(5);
        var firstActivation = await grain.GetActivationId();

        cluster.Time.Advance(TimeSpan.FromMinutes(5));
        var stillActive = await grain.GetActivationId();
        cluster.Time.Advance(TimeSpan.FromMinutes(12));
        await _probe.Recorded(key, "deactivated:ActivationIdle");

        Assert.Equal(firstActivation, stillActive);
        Assert.Equal(5, await grain.Get());
        Assert.NotEqual(firstActivation, await grain.GetActivationId());
        Assert.Equal(2, _probe.Count(key + ":activated"));

        await cluster.RestartAsync();
        Assert.Equal(5, await cluster.GrainFactory.GetGrain<ICounterGrain>(key).Get());
    }

    [Fact]
    public async Task DeactivateOnIdle_EndsTheActivationAfterTheCall()
    {
        await using var cluster = await ClusterFixture.StartOwnClusterAsync(_probe);
        var key = ClusterFixture.NewKey();
        var grain = cluster.GrainFactory.GetGrain<ICounterGrain>(key);
        await grain.Add(3);
        var firstActivation = await grain.GetActivationId();

        await grain.Deactivate();
        await _probe.Recorded(key, "deactivated:ApplicationRequested");

        Assert.NotEqual(firstActivation, await grain.GetActivationId());
        Assert.Equal(3, await grain.Get());
    }

    [Fact]
    public async Task TimerTicks_DoNotKeepAGrainAlive_UnlessAskedTo()
    {
        await using var cluster = await ClusterFixture.StartOwnClusterAsync(_probe, o => o.CollectionAge = TimeSpan.FromMinutes(2));
        var (plainKey, keptKey) = (ClusterFixture.NewKey(), ClusterFixture.NewKey());
        var plain = cluster.GrainFactory.GetGrain<ITimerGrain>(plainKey);
        var kept = cluster.GrainFactory.GetGrain<ITimerGrain>(keptKey);
        await plain.StartTimer(TimeSpan.FromSeconds(10), keepAlive: false, holdTicks: true);
        await kept.StartTimer(TimeSpan.FromSeconds(10), keepAlive: true, holdTicks: true);
        var keptActivation = await kept.GetActivationId();

        // Each grain's first tick stays in progress while the collector passes several times.
        cluster.Time.Advance(TimeSpan.FromSeconds(10));
        await _probe.Recorded(plainKey, "tick-held");
        await _probe.Recorded(keptKey, "tick-held");
        cluster.Time.Advance(TimeSpan.FromMinutes(5));
        _probe.Open(plainKey, "tick");
        _probe.Open(keptKey, "tick");
        await _probe.Recorded(plainKey, "deactivated");
        await _probe.Recorded(keptKey, "tick:1");

        Assert.DoesNotContain("deactivated", _probe.Log(keptKey));
        Assert.Equal(keptActivation, await kept.GetActivationId());
    }
}
