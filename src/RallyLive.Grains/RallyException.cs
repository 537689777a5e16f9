namespace RallyLive.Grains;

/// <summary>
/// The one error type RallyLive's grains throw for a request they refuse. The request changed nothing;
/// <see cref="Code"/> tells the client why, and the message says it in words.
/// </summary>
public sealed class RallyException(RallyErrorCode code, string message) : Exception(message)
{
    public RallyErrorCode Code { get; } = code;

    public override string ToString() => $"{Code}: {Message}";
}
