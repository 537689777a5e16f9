using System.Net;

namespace RallyLive.Simulator.Protocol;

/// <summary>The server refused an HTTP API call; <see cref="Code"/> is the ProblemDetails <c>code</c> (docs/protocol.md).</summary>
public sealed class ApiCallException(string operation, HttpStatusCode status, string? code, string detail)
    : Exception($"{operation} was refused ({(int)status}{(code is null ? string.Empty : " " + code)}): {detail}")
{
    public string Operation { get; } = operation;

    public HttpStatusCode Status { get; } = status;

    public string? Code { get; } = code;
}
