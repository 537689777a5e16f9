namespace RallyLive.Grains.Runtime.Storage;

/// <summary>Storage could not read, write or clear a grain's state: the file is locked or corrupt, the disk failed.</summary>
public sealed class GrainStorageException(string operation, string stateName, GrainId grainId, string storageName, Exception innerException)
    : Exception($"{operation} state '{stateName}' of grain {grainId} in storage '{storageName}' failed: {innerException.Message}", innerException)
{
    public GrainId GrainId { get; } = grainId;

    public string StateName { get; } = stateName;
}
