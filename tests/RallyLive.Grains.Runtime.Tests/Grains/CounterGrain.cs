using RallyLive.Grains.Runtime.Storage;

namespace RallyLive.Grains.Runtime.Tests.Grains;

public sealed class CounterGrain(
    [PersistentState("counter")] IPersistentState<CounterState> state,
    GrainProbe probe) : Grain, ICounterGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Increment(this.GetPrimaryKeyString() + ":activated");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Record(this.GetPrimaryKeyString(), "deactivated:" + reason.ReasonCode);
        return Task.CompletedTask;
    }

    public async ValueTask<int> Add(int amount)
    {
        state.State.Value += amount;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public ValueTask<int> Get() => ValueTask.FromResult(state.State.Value);

    public Task<long> GetActivationId() => Task.FromResult(GrainContext.ActivationId);

    public Task Fail(string message) => throw new InvalidOperationException(message);

    public async Task FailAfterAwait(string message)
    {
        await Task.Yield();
        throw new InvalidOperationException(message);
    }

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task Clear() => state.ClearStateAsync();

    public Task<bool> RecordExists() => Task.FromResult(state.RecordExists);
}
