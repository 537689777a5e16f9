namespace RallyLive.Grains.Runtime.Storage;

/// <summary>A grain's durable state and the operations on it.</summary>
public interface IStorage<TState>
{
    /// <summary>The state. Mutate it, then call <see cref="WriteStateAsync"/>.</summary>
    TState State { get; set; }

    /// <summary>The version of the stored record this state was read from or last written as; null when none.</summary>
    string? Etag { get; }

    /// <summary>Whether a record exists in storage.</summary>
    bool RecordExists { get; }

    /// <summary>Replaces <see cref="State"/> with what storage holds.</summary>
    Task ReadStateAsync();

    /// <summary>
    /// Stores <see cref="State"/>. When this completes the state is durable. It fails with
    /// <see cref="InconsistentStateException"/> if the record changed since it was read; on any failure
    /// <see cref="State"/> is reloaded from storage, so it never holds changes that were not stored.
    /// </summary>
    Task WriteStateAsync();

    /// <summary>Deletes the stored record and resets <see cref="State"/> to a new instance.</summary>
    Task ClearStateAsync();
}

/// <summary>A grain's durable state, injected with <see cref="PersistentStateAttribute"/>.</summary>
public interface IPersistentState<TState> : IStorage<TState>;
