namespace RallyLive.Persistence.Tests.Grains;

[GenerateSerializer, Alias("tests.counter-state")]
public sealed class CounterState
{
    [Id(0)]
    public int Value { get; set; }
}

public sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> state) : Grain, ICounterGrain
{
    public async Task<int> Add(int amount)
    {
        state.State.Value += amount;
        try
        {
            await state.WriteStateAsync();
        }
        catch (OrleansException)
        {
            // Orleans keeps unstored changes in State after a failed write: this grain goes back to what is stored.
            await state.ReadStateAsync();
            throw;
        }

        return state.State.Value;
    }

    public Task<int> Get() => Task.FromResult(state.State.Value);

    public Task<bool> RecordExists() => Task.FromResult(state.RecordExists);

    public Task Clear() => state.ClearStateAsync();
}
