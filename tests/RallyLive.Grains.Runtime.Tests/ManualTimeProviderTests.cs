using RallyLive.Grains.TestingHost;

namespace RallyLive.Grains.Runtime.Tests;

/// <summary>The test clock: timers fire only when it moves, and a test can wait for timers to be armed.</summary>
public sealed class ManualTimeProviderTests
{
    [Fact]
    public void Timer_FiresOnlyWhenTheClockReachesItsDueTime()
    {
        var clock = new ManualTimeProvider();
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(4));
        var beforeDue = fired;
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(0, beforeDue);
        Assert.Equal(1, fired);
        Assert.Equal(0, clock.ArmedTimers);
    }

    [Fact]
    public async Task WhenArmedTimers_CompletesOnceEnoughTimersAreArmed()
    {
        var clock = new ManualTimeProvider();
        using var first = clock.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        var two = clock.WhenArmedTimers(2);
        var completedEarly = two.IsCompleted;
        using var second = clock.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        await two.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(completedEarly);
        Assert.True(clock.WhenArmedTimers(1).IsCompleted);
    }

    [Fact]
    public void WhenArmedTimers_DoesNotCountATimerThatWasDisposed()
    {
        var clock = new ManualTimeProvider();
        clock.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan).Dispose();

        Assert.False(clock.WhenArmedTimers(1).IsCompleted);
        Assert.Equal(0, clock.ArmedTimers);
    }
}
