namespace RallyLive.Persistence.Records;

/// <summary>
/// The <see cref="IPersistentRecords{TRecord}"/> a grain receives: records as System.Text.Json (web defaults) in
/// an <see cref="IGrainRecordStorage"/>, every failure wrapped in a <see cref="RecordStorageException"/> naming the grain.
/// </summary>
internal sealed class PersistentRecords<TRecord>(string collection, string storageName, IGrainRecordStorage storage, GrainId grainId)
    : IPersistentRecords<TRecord>
{
    public Task<IReadOnlyList<KeyValuePair<string, TRecord>>> ReadAsync(string? afterKey = null, int limit = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return GuardAsync("Reading", async () => Deserialize(await storage.ReadRecordsAsync(grainId, collection, afterKey, limit).ConfigureAwait(false)));
    }

    public Task<IReadOnlyList<KeyValuePair<string, TRecord>>> ReadLastAsync(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return GuardAsync("Reading", async () => Deserialize(await storage.ReadLastRecordsAsync(grainId, collection, count).ConfigureAwait(false)));
    }

    public Task WriteAsync(string key, TRecord record)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return GuardAsync("Writing", async () =>
        {
            await storage.WriteRecordAsync(grainId, collection, key, WebJsonGrainStorageSerializer.ToBytes(record)).ConfigureAwait(false);
            return true;
        });
    }

    public Task RemoveAsync(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return GuardAsync("Removing from", async () =>
        {
            await storage.WriteRecordAsync(grainId, collection, key, payload: null).ConfigureAwait(false);
            return true;
        });
    }

    private static IReadOnlyList<KeyValuePair<string, TRecord>> Deserialize(IReadOnlyList<KeyValuePair<string, byte[]>> records) =>
        [.. records.Select(record => KeyValuePair.Create(record.Key, WebJsonGrainStorageSerializer.FromBytes<TRecord>(record.Value)))];

    private async Task<T> GuardAsync<T>(string operation, Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            throw new RecordStorageException(operation, grainId, collection, storageName, exception);
        }
    }
}
