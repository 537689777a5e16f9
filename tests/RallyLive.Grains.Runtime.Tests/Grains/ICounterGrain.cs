using RallyLive.Grains.Runtime.Concurrency;

namespace RallyLive.Grains.Runtime.Tests.Grains;

/// <summary>A durable counter: the grain the storage, lifecycle and activation tests use.</summary>
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds to the counter and stores it before returning the new value.</summary>
    ValueTask<int> Add(int amount);

    [ReadOnly]
    ValueTask<int> Get();

    Task<long> GetActivationId();

    /// <summary>Throws <see cref="InvalidOperationException"/> after changing nothing.</summary>
    Task Fail(string message);

    /// <summary>Throws <see cref="InvalidOperationException"/> after an await, from the activation's mailbox.</summary>
    Task FailAfterAwait(string message);

    /// <summary>Asks to be deactivated after this call.</summary>
    Task Deactivate();

    Task Clear();

    Task<bool> RecordExists();
}

public sealed class CounterState
{
    public int Value { get; set; }
}
