namespace RallyLive.Persistence.Tests.Grains;

/// <summary>A counter kept as one persistent state.</summary>
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds to the counter and stores it; returns the new value.</summary>
    Task<int> Add(int amount);

    /// <summary>The counter as the grain holds it.</summary>
    Task<int> Get();

    /// <summary>Whether storage holds the state.</summary>
    Task<bool> RecordExists();

    /// <summary>Clears the stored state.</summary>
    Task Clear();
}
