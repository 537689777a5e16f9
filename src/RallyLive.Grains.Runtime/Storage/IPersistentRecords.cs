namespace RallyLive.Grains.Runtime.Storage;

/// <summary>
/// A grain's durable set of records, each under its own key: votes by viewer, chat messages by
/// sequence number. Unlike <see cref="IPersistentState{TState}"/>, a write stores one record, so its cost
/// does not grow with the collection. Nothing is loaded automatically: read what the grain needs in
/// <see cref="Grain.OnActivateAsync"/>. Records need no ETag: only the grain's single activation writes them.
/// </summary>
public interface IPersistentRecords<TRecord>
{
    /// <summary>Records in key order (ordinal), after <paramref name="afterKey"/> when given, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<KeyValuePair<string, TRecord>>> ReadAsync(string? afterKey = null, int limit = int.MaxValue);

    /// <summary>The last <paramref name="count"/> records in key order, oldest first.</summary>
    Task<IReadOnlyList<KeyValuePair<string, TRecord>>> ReadLastAsync(int count);

    /// <summary>Stores the record under <paramref name="key"/>, replacing any; durable when the task completes.</summary>
    Task WriteAsync(string key, TRecord record);

    /// <summary>Removes the record under <paramref name="key"/>, if any; durable when the task completes.</summary>
    Task RemoveAsync(string key);
}

/// <summary>On a grain constructor parameter of type <see cref="IPersistentRecords{TRecord}"/>: the collection to supply.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentRecordsAttribute(string collectionName, string? storageName = null) : Attribute
{
    public string CollectionName { get; } = collectionName;

    public string? StorageName { get; } = storageName;
}

/// <summary>A grain storage that can also keep <see cref="IPersistentRecords{TRecord}"/> records, as raw bytes.</summary>
public interface IGrainRecordStorage
{
    Task<IReadOnlyList<KeyValuePair<string, byte[]>>> ReadRecordsAsync(GrainId grainId, string collection, string? afterKey, int limit);

    Task<IReadOnlyList<KeyValuePair<string, byte[]>>> ReadLastRecordsAsync(GrainId grainId, string collection, int count);

    /// <summary>Stores or, when <paramref name="payload"/> is null, removes a record; durable when the task completes.</summary>
    Task WriteRecordAsync(GrainId grainId, string collection, string key, byte[]? payload);
}
