namespace RallyLive.Persistence.Records;

/// <summary>Reading or writing a grain's records failed; the message names the grain, the collection and the storage.</summary>
[GenerateSerializer, Alias("rallylive.record-storage-exception")]
public sealed class RecordStorageException : OrleansException
{
    public RecordStorageException()
    {
    }

    public RecordStorageException(string message)
        : base(message)
    {
    }

    public RecordStorageException(string message, Exception? innerException)
        : base(message, innerException!)
    {
    }

    public RecordStorageException(string operation, GrainId grainId, string collection, string storageName, Exception innerException)
        : base($"{operation} collection '{collection}' of grain {grainId} in storage '{storageName}' failed: {innerException?.Message}", innerException!)
    {
        GrainId = grainId;
        Collection = collection;
        StorageName = storageName;
    }

    [Id(0)]
    public GrainId GrainId { get; private set; }

    [Id(1)]
    public string? Collection { get; private set; }

    [Id(2)]
    public string? StorageName { get; private set; }
}
