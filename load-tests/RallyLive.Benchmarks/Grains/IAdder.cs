namespace RallyLive.Benchmarks.Grains;

/// <summary>The plain (non-grain) contract of the baseline: the same method as <see cref="IAdderGrain.Add"/>.</summary>
public interface IAdder
{
    /// <summary>Adds <paramref name="amount"/> to a running total and returns the new total.</summary>
    ValueTask<int> Add(int amount);
}

/// <summary>A plain object with exactly the logic of <see cref="AdderGrain.Add"/>; called directly, it is the baseline.</summary>
public sealed class Adder : IAdder
{
    private int _total;

    public ValueTask<int> Add(int amount)
    {
        _total += amount;
        return ValueTask.FromResult(_total);
    }
}
