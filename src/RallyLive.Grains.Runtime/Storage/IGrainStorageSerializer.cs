using System.Text.Json;

namespace RallyLive.Grains.Runtime.Storage;

/// <summary>Turns grain states into bytes for storage providers.</summary>
public interface IGrainStorageSerializer
{
    byte[] Serialize<T>(T value);

    T Deserialize<T>(ReadOnlySpan<byte> data);
}

/// <summary>The default serializer: System.Text.Json with web defaults, so stored states are readable JSON.</summary>
public sealed class JsonGrainStorageSerializer(JsonSerializerOptions? options = null) : IGrainStorageSerializer
{
    private readonly JsonSerializerOptions _options = options ?? new(JsonSerializerDefaults.Web);

    public byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, _options);

    public T Deserialize<T>(ReadOnlySpan<byte> data) =>
        JsonSerializer.Deserialize<T>(data, _options) ?? throw new JsonException($"Stored state is null where a {typeof(T).Name} was expected.");
}
