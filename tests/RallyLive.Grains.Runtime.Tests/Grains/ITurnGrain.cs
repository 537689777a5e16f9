using RallyLive.Grains.Runtime.Concurrency;

namespace RallyLive.Grains.Runtime.Tests.Grains;

/// <summary>Records the start and end of each call and waits, in between, on a gate the test opens.</summary>
public interface ITurnRecorder : IGrainWithStringKey
{
    Task Enter(string name);

    [ReadOnly]
    Task Read(string name);

    [AlwaysInterleave]
    Task Interleave(string name);

    /// <summary>Asks for deactivation once no call is running.</summary>
    [AlwaysInterleave]
    Task DeactivateWhenIdle();
}

/// <summary>A non-reentrant turn recorder.</summary>
public interface ITurnGrain : ITurnRecorder;

/// <summary>A reentrant turn recorder.</summary>
public interface IReentrantTurnGrain : ITurnRecorder;

public abstract class TurnRecorderGrain(GrainProbe probe) : Grain, ITurnRecorder
{
    public Task Enter(string name) => RecordTurnAsync(name);

    public Task Read(string name) => RecordTurnAsync(name);

    public Task Interleave(string name) => RecordTurnAsync(name);

    public Task DeactivateWhenIdle()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private async Task RecordTurnAsync(string name)
    {
        var key = this.GetPrimaryKeyString();
        probe.Record(key, "start:" + name);
        await probe.Gate(key, name);
        probe.Record(key, "end:" + name);
    }
}

public sealed class TurnGrain(GrainProbe probe) : TurnRecorderGrain(probe), ITurnGrain;

// Reentrant on purpose: the tests check that its calls interleave.
[Reentrant]
public sealed class ReentrantTurnGrain(GrainProbe probe) : TurnRecorderGrain(probe), IReentrantTurnGrain;
