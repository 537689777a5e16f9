namespace RallyLive.Abstractions;

/// <summary>
/// The one error type RallyLive's grains throw for a request they refuse. The request changed nothing;
/// <see cref="Code"/> tells the client why, and the message says it in words. Serializable, so the code reaches a
/// caller on another silo intact (an exception without a codec would arrive there as CodecNotFoundException).
/// </summary>
[GenerateSerializer, Alias("rallylive.rally-exception")]
public sealed class RallyException(RallyErrorCode code, string message) : Exception(message)
{
    [Id(0)]
    public RallyErrorCode Code { get; } = code;

    public override string ToString() => $"{Code}: {Message}";
}
