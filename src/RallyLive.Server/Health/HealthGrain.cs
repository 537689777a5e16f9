using Orleans.Placement;

namespace RallyLive.Server.Health;

[PreferLocalPlacement]
public sealed class HealthGrain([PersistentState("health")] IPersistentState<HealthState> state) : Grain, IHealthGrain
{
    public async ValueTask<long> Check(DateTimeOffset checkedAt)
    {
        state.State.LastCheckedAt = checkedAt;
        state.State.Checks++;
        await state.WriteStateAsync();
        return state.State.Checks;
    }
}

public sealed class HealthState
{
    public DateTimeOffset LastCheckedAt { get; set; }

    public long Checks { get; set; }
}
