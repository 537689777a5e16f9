using System.Text.Json;
using Orleans.Storage;

namespace RallyLive.Persistence;

/// <summary>
/// How RallyLive's storages store states and records: System.Text.Json with web defaults (camelCase), so stored
/// data is readable JSON and files written before the move to Orleans open unchanged. Orleans' own default
/// storage serializer is binary and is deliberately not used.
/// </summary>
public sealed class WebJsonGrainStorageSerializer : IGrainStorageSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>The one instance; the serializer holds no state.</summary>
    public static WebJsonGrainStorageSerializer Instance { get; } = new();

    public BinaryData Serialize<T>(T? input) => BinaryData.FromBytes(ToBytes(input));

    public T? Deserialize<T>(BinaryData input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return FromBytes<T>(input.ToMemory().Span);
    }

    internal static byte[] ToBytes<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    internal static T FromBytes<T>(ReadOnlySpan<byte> data) =>
        JsonSerializer.Deserialize<T>(data, Options) ?? throw new JsonException($"Stored data is null where a {typeof(T).Name} was expected.");
}
