namespace RallyLive.Grains.Runtime.Storage;

/// <summary>
/// Grain storage in process memory, for tests and throwaway runs: same ETag rules as the SQLite storage,
/// states kept serialized so that no grain shares an object with storage. Lost when the process ends.
/// </summary>
public sealed class MemoryGrainStorage(IGrainStorageSerializer serializer) : IGrainStorage, IGrainRecordStorage
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string StateName, GrainId GrainId), (long Version, byte[]? Payload)> _records = [];
    private readonly Dictionary<(GrainId GrainId, string Collection), SortedDictionary<string, byte[]>> _collections = [];

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        (long Version, byte[]? Payload) record;
        bool found;
        lock (_lock)
        {
            found = _records.TryGetValue((stateName, grainId), out record);
        }

        grainState.State = record.Payload is { } payload ? serializer.Deserialize<T>(payload) : GrainStateDefaults.Create<T>();
        grainState.ETag = found ? StoredVersion.ToEtag(record.Version) : null;
        grainState.RecordExists = record.Payload is not null;
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = serializer.Serialize(grainState.State);
        grainState.ETag = StoredVersion.ToEtag(Replace(stateName, grainId, grainState.ETag, payload));
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        grainState.ETag = StoredVersion.ToEtag(Replace(stateName, grainId, grainState.ETag, payload: null));
        grainState.State = GrainStateDefaults.Create<T>();
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    /// <summary>Stores a payload (or, when null, a tombstone) if the held ETag matches; returns the new version.</summary>
    private long? Replace(string stateName, GrainId grainId, string? heldEtag, byte[]? payload)
    {
        lock (_lock)
        {
            long? stored = _records.TryGetValue((stateName, grainId), out var record) ? record.Version : null;
            if (stored != StoredVersion.FromEtag(heldEtag))
            {
                throw StoredVersion.Conflict(stateName, grainId, stored, heldEtag);
            }

            if (stored is null && payload is null)
            {
                return null;
            }

            var version = (stored ?? 0) + 1;
            _records[(stateName, grainId)] = (version, payload);
            return version;
        }
    }

    public Task<IReadOnlyList<KeyValuePair<string, byte[]>>> ReadRecordsAsync(GrainId grainId, string collection, string? afterKey, int limit)
    {
        lock (_lock)
        {
            IReadOnlyList<KeyValuePair<string, byte[]>> records = _collections.TryGetValue((grainId, collection), out var found)
                ? [.. found.Where(r => afterKey is null || string.CompareOrdinal(r.Key, afterKey) > 0).Take(limit)]
                : [];
            return Task.FromResult(records);
        }
    }

    public Task<IReadOnlyList<KeyValuePair<string, byte[]>>> ReadLastRecordsAsync(GrainId grainId, string collection, int count)
    {
        lock (_lock)
        {
            IReadOnlyList<KeyValuePair<string, byte[]>> records = _collections.TryGetValue((grainId, collection), out var found)
                ? [.. found.Skip(Math.Max(0, found.Count - count))]
                : [];
            return Task.FromResult(records);
        }
    }

    public Task WriteRecordAsync(GrainId grainId, string collection, string key, byte[]? payload)
    {
        lock (_lock)
        {
            if (!_collections.TryGetValue((grainId, collection), out var records))
            {
                _collections[(grainId, collection)] = records = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
            }

            if (payload is null)
            {
                records.Remove(key);
            }
            else
            {
                records[key] = payload;
            }
        }

        return Task.CompletedTask;
    }
}
