namespace RallyLive.Persistence.Records;

/// <summary>A grain storage that can also keep <see cref="IPersistentRecords{TRecord}"/> records, as raw bytes.</summary>
public interface IGrainRecordStorage
{
    Task<IReadOnlyList<KeyValuePair<string, byte[]>>> ReadRecordsAsync(GrainId grainId, string collection, string? afterKey, int limit);

    Task<IReadOnlyList<KeyValuePair<string, byte[]>>> ReadLastRecordsAsync(GrainId grainId, string collection, int count);

    /// <summary>Stores or, when <paramref name="payload"/> is null, removes a record; durable when the task completes.</summary>
    Task WriteRecordAsync(GrainId grainId, string collection, string key, byte[]? payload);
}
