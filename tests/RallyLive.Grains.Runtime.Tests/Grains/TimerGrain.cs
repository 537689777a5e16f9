using RallyLive.Grains.Runtime.Timers;

namespace RallyLive.Grains.Runtime.Tests.Grains;

public sealed class TimerGrain(GrainProbe probe) : Grain, ITimerGrain
{
    private IGrainTimer? _timer;
    private int _ticks;
    private bool _holdTicks;

    private string Key => this.GetPrimaryKeyString();

    public Task StartTimer(TimeSpan period, bool keepAlive, bool holdTicks)
    {
        _holdTicks = holdTicks;
        _timer = RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(period, period) { KeepAlive = keepAlive });
        return Task.CompletedTask;
    }

    public Task StopTimer()
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public async Task Hold(string name)
    {
        probe.Enter(Key);
        probe.Record(Key, "hold-start:" + name);
        await probe.Gate(Key, name);
        probe.Record(Key, "hold-end:" + name);
        probe.Exit(Key);
    }

    public Task<int> CountTicks() => Task.FromResult(_ticks);

    public Task<int> PeekTicks() => Task.FromResult(_ticks);

    public Task<long> GetActivationId() => Task.FromResult(GrainContext.ActivationId);

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Record(Key, "deactivated");
        return Task.CompletedTask;
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        probe.Enter(Key);
        await Task.Yield();
        if (_holdTicks)
        {
            probe.Record(Key, "tick-held");
            await probe.Gate(Key, "tick");
        }

        _ticks++;
        probe.Record(Key, "tick:" + _ticks);
        probe.Exit(Key);
    }
}
