using Microsoft.Extensions.Options;
using RallyLive.Server.Realtime;
using RallyLive.Server.Realtime.Delivery;

namespace RallyLive.Server.Tests.Delivery;

/// <summary>
/// A node sheds load one level at a time after saturated intervals in a row, gets it back one level at a time after a
/// run of calm ones, holds in between, and says why in words an organiser reads.
/// </summary>
public sealed class DeliveryPaceTests
{
    private static readonly LoadSample Calm = new(SenderBusy: 0.1, SchedulingDelay: TimeSpan.FromMilliseconds(5));
    private static readonly LoadSample Backlogged = new(SenderBusy: 0.3, SchedulingDelay: TimeSpan.FromMilliseconds(450));
    private static readonly LoadSample SenderBehind = new(SenderBusy: 0.95, SchedulingDelay: TimeSpan.FromMilliseconds(5));
    private static readonly LoadSample ClientsBehind = new(SenderBusy: 0.1, SchedulingDelay: TimeSpan.FromMilliseconds(5), ConnectionsBehind: 0.25);
    private static readonly LoadSample Middling = new(SenderBusy: 0.6, SchedulingDelay: TimeSpan.FromMilliseconds(100));
    private static readonly LoadSample AFewClientsBehind = new(SenderBusy: 0.1, SchedulingDelay: TimeSpan.FromMilliseconds(5), ConnectionsBehind: 0.05);

    private readonly GrainClock _time = new(DateTimeOffset.UnixEpoch);

    private DeliveryPace Pace(Action<DegradationOptions>? configure = null)
    {
        var options = new RealtimeOptions();
        configure?.Invoke(options.Degradation);
        return new DeliveryPace(Options.Create(options), _time);
    }

    private static List<DeliveryLevel> Levels(DeliveryPace pace, params LoadSample[] samples) =>
        [.. samples.Select(sample => { pace.Observe(sample); return pace.Current.Level; })];

    [Fact]
    public void OneSaturatedInterval_IsNotEnough_TwoInARowShedALevel_TwoMoreShedAnother()
    {
        var pace = Pace();

        Assert.Equal(
            [DeliveryLevel.Full, DeliveryLevel.Full, DeliveryLevel.Full, DeliveryLevel.Reduced, DeliveryLevel.Reduced, DeliveryLevel.Minimal, DeliveryLevel.Minimal],
            Levels(pace, Backlogged, Calm, Backlogged, SenderBehind, Backlogged, Backlogged, SenderBehind));
    }

    [Fact]
    public void TenCalmIntervalsInARow_GiveOneLevelBack_AMiddlingOneStartsTheCountAgain()
    {
        var pace = Pace();
        Levels(pace, Backlogged, Backlogged, Backlogged, Backlogged);
        Assert.Equal(DeliveryLevel.Minimal, pace.Current.Level);

        var levels = Levels(pace, [.. Enumerable.Repeat(Calm, 9), Middling, .. Enumerable.Repeat(Calm, 10), .. Enumerable.Repeat(Calm, 10)]);

        Assert.Equal(DeliveryLevel.Minimal, levels[9]);   // nine calm, then a middling one: held
        Assert.Equal(DeliveryLevel.Minimal, levels[18]);
        Assert.Equal(DeliveryLevel.Reduced, levels[19]);
        Assert.Equal(DeliveryLevel.Full, levels[29]);
    }

    [Fact]
    public async Task EachLevel_SaysWhatViewersGet_AndWhy()
    {
        var pace = Pace();
        Assert.Equal(new DeliveryLoad(DeliveryLevel.Full, 0, 20, DateTimeOffset.UnixEpoch, "the node keeps up"), pace.Current);
        Assert.Equal(1.0, pace.ChatShare);

        await _time.AdvanceAsync(TimeSpan.FromMinutes(1));
        Levels(pace, Backlogged, Backlogged);
        Assert.Equal(
            new DeliveryLoad(DeliveryLevel.Reduced, 500, 10, DateTimeOffset.UnixEpoch.AddMinutes(1), "the server's processors are saturated (work waited 450 ms to start)"),
            pace.Current);
        Assert.Equal(TimeSpan.FromMilliseconds(500), pace.BatchInterval);

        Levels(pace, SenderBehind, SenderBehind);
        Assert.Equal((DeliveryLevel.Minimal, 1000, 4.0), (pace.Current.Level, pace.Current.FrameIntervalMs, pace.Current.ChatPerSecondPerStream));
        Assert.Equal("sending to viewers took 95% of the server's time", pace.Current.Reason.Replace(" %", "%", StringComparison.Ordinal));
    }

    [Fact]
    public void ClientsThatTakeLessThanTheyAreSent_ShedLoadToo_AFewOfThemNeitherShedNorLetItBack()
    {
        var pace = Pace();

        Assert.Equal([DeliveryLevel.Full, DeliveryLevel.Reduced], Levels(pace, ClientsBehind, ClientsBehind));
        Assert.Equal("25% of connections have messages waiting (their clients or networks take less than they are sent)",
            pace.Current.Reason.Replace(" %", "%", StringComparison.Ordinal));
        Assert.All(Levels(pace, [.. Enumerable.Repeat(AFewClientsBehind, 12)]), level => Assert.Equal(DeliveryLevel.Reduced, level));
    }

    [Fact]
    public void Disabled_TheNodeAlwaysSendsEverything()
    {
        var pace = Pace(o => o.Enabled = false);

        Assert.All(Levels(pace, Backlogged, Backlogged, Backlogged, Backlogged), level => Assert.Equal(DeliveryLevel.Full, level));
        Assert.Equal(TimeSpan.Zero, pace.BatchInterval);
    }

    [Theory]
    [InlineData(0.9, 0.8, 1)]  // calm threshold above the saturated one
    [InlineData(0.4, 0.8, 0)]  // a level that never comes back
    public void SettingsThatMakeNoSense_AreInvalid(double busyBelow, double busyAbove, int stepUpAfter)
    {
        Assert.False(new DegradationOptions { SenderBusyBelow = busyBelow, SenderBusyAbove = busyAbove, StepUpAfterSamples = stepUpAfter }.IsValid);
        Assert.True(new DegradationOptions().IsValid);
    }
}
