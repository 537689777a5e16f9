namespace RallyLive.Grains.Runtime.Storage;

/// <summary>The state of one grain as a storage provider reads and writes it.</summary>
public interface IGrainState<T>
{
    T State { get; set; }

    string? ETag { get; set; }

    bool RecordExists { get; set; }
}

/// <summary>
/// A grain storage provider. Each record is keyed by state name and grain id and carries an ETag that
/// changes on every write. Implementations must make a write durable before its task completes, reject a
/// write or clear whose <see cref="IGrainState{T}.ETag"/> does not match the stored one with
/// <see cref="InconsistentStateException"/>, and leave the grain state untouched when they fail.
/// </summary>
public interface IGrainStorage
{
    Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);

    Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);

    Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState);
}
