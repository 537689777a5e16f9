using Microsoft.Extensions.DependencyInjection;
using RallyLive.Grains.Runtime.Activation;

namespace RallyLive.Grains.Runtime.Storage;

/// <summary>The runtime's <see cref="IPersistentRecords{TRecord}"/>: serializes records and names the grain in every failure.</summary>
internal sealed class PersistentRecords<TRecord>(
    string collection, string storageName, IGrainRecordStorage storage, IGrainStorageSerializer serializer, GrainId grainId)
    : IPersistentRecords<TRecord>
{
    public Task<IReadOnlyList<KeyValuePair<string, TRecord>>> ReadAsync(string? afterKey = null, int limit = int.MaxValue) =>
        limit < 0 ? throw new ArgumentOutOfRangeException(nameof(limit), limit, "A limit cannot be negative.") : Guard("Reading", async () => Deserialize(await storage.ReadRecordsAsync(grainId, collection, afterKey, limit)));

    public Task<IReadOnlyList<KeyValuePair<string, TRecord>>> ReadLastAsync(int count) =>
        count < 0 ? throw new ArgumentOutOfRangeException(nameof(count), count, "A count cannot be negative.") : Guard("Reading", async () => Deserialize(await storage.ReadLastRecordsAsync(grainId, collection, count)));

    public Task WriteAsync(string key, TRecord record)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return Guard("Writing", async () =>
        {
            await storage.WriteRecordAsync(grainId, collection, key, serializer.Serialize(record));
            return true;
        });
    }

    public Task RemoveAsync(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return Guard("Removing", async () =>
        {
            await storage.WriteRecordAsync(grainId, collection, key, payload: null);
            return true;
        });
    }

    private IReadOnlyList<KeyValuePair<string, TRecord>> Deserialize(IReadOnlyList<KeyValuePair<string, byte[]>> records) =>
        [.. records.Select(record => KeyValuePair.Create(record.Key, serializer.Deserialize<TRecord>(record.Value)))];

    private async Task<T> Guard<T>(string operation, Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception exception)
        {
            throw new GrainStorageException(operation, collection, grainId, storageName, exception);
        }
    }
}

/// <summary>Creates <see cref="PersistentRecords{TRecord}"/> for constructor parameters marked <see cref="PersistentRecordsAttribute"/>.</summary>
internal static class PersistentRecordsFactory
{
    public static IPersistentRecords<TRecord> Create<TRecord>(ActivationData activation, PersistentRecordsAttribute attribute)
    {
        var storageName = attribute.StorageName ?? GrainStorageNames.Default;
        var storage = activation.ActivationServices.GetKeyedService<IGrainStorage>(storageName) as IGrainRecordStorage
            ?? throw new InvalidOperationException(
                $"Grain {activation.GrainId} keeps collection '{attribute.CollectionName}' in grain storage '{storageName}', but no storage of that name that keeps collections is registered.");
        return new PersistentRecords<TRecord>(attribute.CollectionName, storageName, storage,
            activation.ActivationServices.GetRequiredService<IGrainStorageSerializer>(), activation.GrainId);
    }
}
