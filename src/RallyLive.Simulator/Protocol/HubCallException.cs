namespace RallyLive.Simulator.Protocol;

/// <summary>The server refused a hub call; <see cref="Code"/> is the stable code the message starts with (docs/protocol.md).</summary>
public sealed class HubCallException(string method, string? code, string message)
    : Exception($"{method} was refused: {message}")
{
    public string Method { get; } = method;

    public string? Code { get; } = code;
}
