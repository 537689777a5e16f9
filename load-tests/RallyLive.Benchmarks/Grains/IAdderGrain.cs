namespace RallyLive.Benchmarks.Grains;

/// <summary>A trivial grain, so that a benchmark of it measures Orleans' call path and nothing else.</summary>
public interface IAdderGrain : IGrainWithIntegerKey
{
    /// <summary>Adds <paramref name="amount"/> to the grain's total and returns the new total; completes synchronously.</summary>
    ValueTask<int> Add(int amount);

    /// <summary>As <see cref="Add"/>, returning a <see cref="Task{TResult}"/>.</summary>
    Task<int> AddTask(int amount);
}

/// <summary>Keeps a total in a field: no storage, no awaits.</summary>
public sealed class AdderGrain : Grain, IAdderGrain
{
    private int _total;

    public ValueTask<int> Add(int amount)
    {
        _total += amount;
        return ValueTask.FromResult(_total);
    }

    public Task<int> AddTask(int amount)
    {
        _total += amount;
        return Task.FromResult(_total);
    }
}
