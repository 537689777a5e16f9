using StackExchange.Redis;

namespace RallyLive.Persistence.Redis;

/// <summary>
/// The two Redis keys of one grain's collection: a sorted set of its record keys (all scored 0, so Redis orders
/// them by their bytes) and a hash from record key to payload. Named
/// <c>{prefix}{serviceId}/records/{storage}/{{grainType/grainKey/collection}}/keys</c> and <c>.../values</c>;
/// each part is escaped, so that no two grains, collections, storages or clusters share a key, and the braces make
/// the identity a hash tag, so that both keys live on one Redis Cluster node and one script can change both.
/// </summary>
internal sealed class RedisRecordKeys(string keyPrefix, string serviceId, string storageName)
{
    private readonly string _prefix = $"{keyPrefix}{Escape(serviceId)}/records/{Escape(storageName)}/";

    /// <summary>[sorted set of record keys, hash of payloads]: the KEYS of every record script.</summary>
    public RedisKey[] For(GrainId grainId, string collection)
    {
        var collectionKey = $"{_prefix}{{{Escape(grainId.Type.ToString()!)}/{Escape(grainId.Key.ToString()!)}/{Escape(collection)}}}";
        return [collectionKey + "/keys", collectionKey + "/values"];
    }

    /// <summary>Percent-escapes the separator, the hash-tag braces and the escape character itself; no two parts escape alike.</summary>
    private static string Escape(string part) =>
        part.Replace("%", "%25", StringComparison.Ordinal).Replace("/", "%2F", StringComparison.Ordinal)
            .Replace("{", "%7B", StringComparison.Ordinal).Replace("}", "%7D", StringComparison.Ordinal);
}
