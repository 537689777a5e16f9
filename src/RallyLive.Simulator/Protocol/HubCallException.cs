using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;

namespace RallyLive.Simulator.Protocol;

/// <summary>The server refused a hub call; <see cref="Code"/> is the stable code the message starts with (docs/protocol.md).</summary>
public sealed partial class HubCallException(string method, string? code, string message, Exception? inner = null)
    : Exception($"{method} was refused: {message}", inner)
{
    public string Method { get; } = method;

    /// <summary>The server's code (<c>PollClosed</c>), or null when the call failed without one (an unexpected server error).</summary>
    public string? Code { get; } = code;

    /// <summary>
    /// The refusal the SignalR client reports: the server's error is <c>"An unexpected error occurred invoking 'Vote' on
    /// the server. HubException: PollClosed: The poll has closed."</c>, of which the part from the code on is kept.
    /// </summary>
    internal static HubCallException From(string method, HubException refused)
    {
        var error = ServerError().Match(refused.Message);
        return error.Success
            ? new HubCallException(method, error.Groups["code"].Value, error.Groups["error"].Value, refused)
            : new HubCallException(method, null, refused.Message, refused);
    }

    [GeneratedRegex(@"^(?:.*?HubException: )?(?<error>(?<code>[A-Za-z]+): .*)$", RegexOptions.Singleline)]
    private static partial Regex ServerError();
}
