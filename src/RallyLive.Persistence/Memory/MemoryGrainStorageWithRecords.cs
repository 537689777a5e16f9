using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;
using RallyLive.Persistence.Records;

namespace RallyLive.Persistence.Memory;

/// <summary>
/// Grain storage with records in process memory, for tests: the SQLite storage's ETag rules, states and records
/// kept serialized so no grain shares an object with storage. The data belongs to the cluster's service id and
/// storage name, not to one silo, so every silo of an in-process test cluster sees the same data and a restarted
/// silo finds what it wrote; it is lost when the process ends.
/// </summary>
public sealed class MemoryGrainStorageWithRecords : IGrainStorage, IGrainRecordStorage
{
    private static readonly ConcurrentDictionary<(string ServiceId, string Name), MemoryStore> Stores = new();
    private readonly MemoryStore _store;

    public MemoryGrainStorageWithRecords(string name, IOptions<ClusterOptions> clusterOptions)
    {
        ArgumentNullException.ThrowIfNull(clusterOptions);
        _store = Stores.GetOrAdd((clusterOptions.Value.ServiceId, name), _ => new MemoryStore());
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var (version, payload) = _store.Read(stateName, grainId);
        grainState.State = payload is null ? GrainStateDefaults.Create<T>() : WebJsonGrainStorageSerializer.FromBytes<T>(payload);
        grainState.ETag = StoredVersion.ToEtag(version);
        grainState.RecordExists = payload is not null;
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var payload = WebJsonGrainStorageSerializer.ToBytes(grainState.State);
        grainState.ETag = StoredVersion.ToEtag(_store.Replace(stateName, grainId, grainState.ETag, payload));
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        grainState.ETag = StoredVersion.ToEtag(_store.Replace(stateName, grainId, grainState.ETag, payload: null));
        grainState.State = GrainStateDefaults.Create<T>();
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<KeyValuePair<string, byte[]>>> ReadRecordsAsync(GrainId grainId, string collection, string? afterKey, int limit) =>
        Task.FromResult(_store.Records(grainId, collection, records =>
            [.. records.Where(r => afterKey is null || string.CompareOrdinal(r.Key, afterKey) > 0).Take(limit)]));

    public Task<IReadOnlyList<KeyValuePair<string, byte[]>>> ReadLastRecordsAsync(GrainId grainId, string collection, int count) =>
        Task.FromResult(_store.Records(grainId, collection, records => [.. records.Skip(Math.Max(0, records.Count - count))]));

    public Task WriteRecordAsync(GrainId grainId, string collection, string key, byte[]? payload)
    {
        _store.PutRecord(grainId, collection, key, payload);
        return Task.CompletedTask;
    }

    private sealed class MemoryStore
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<(string StateName, GrainId GrainId), (long Version, byte[]? Payload)> _states = [];
        private readonly Dictionary<(GrainId GrainId, string Collection), SortedDictionary<string, byte[]>> _collections = [];

        public (long? Version, byte[]? Payload) Read(string stateName, GrainId grainId)
        {
            lock (_lock)
            {
                return _states.TryGetValue((stateName, grainId), out var state) ? (state.Version, state.Payload) : (null, null);
            }
        }

        /// <summary>Stores a payload (or, when null, a tombstone) if the held ETag matches; returns the new version.</summary>
        public long? Replace(string stateName, GrainId grainId, string? heldEtag, byte[]? payload)
        {
            lock (_lock)
            {
                long? stored = _states.TryGetValue((stateName, grainId), out var state) ? state.Version : null;
                if (stored != StoredVersion.FromEtag(heldEtag))
                {
                    throw StoredVersion.Conflict(stateName, grainId, stored, heldEtag);
                }

                if (stored is null && payload is null)
                {
                    return null;
                }

                var version = (stored ?? 0) + 1;
                _states[(stateName, grainId)] = (version, payload);
                return version;
            }
        }

        public IReadOnlyList<KeyValuePair<string, byte[]>> Records(
            GrainId grainId, string collection, Func<SortedDictionary<string, byte[]>, IReadOnlyList<KeyValuePair<string, byte[]>>> select)
        {
            lock (_lock)
            {
                return _collections.TryGetValue((grainId, collection), out var records) ? select(records) : [];
            }
        }

        public void PutRecord(GrainId grainId, string collection, string key, byte[]? payload)
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
        }
    }
}
