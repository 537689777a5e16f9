using Microsoft.AspNetCore.SignalR;
using RallyLive.Grains;
using RallyLive.Server.Auth;

namespace RallyLive.Server.Realtime;

/// <summary>Who is calling: every hub connection is bound to the rally and role of its token.</summary>
internal static class HubCallerContextExtensions
{
    public static string RallyId(this HubCallerContext context) =>
        context.User?.FindFirst(RallyTokenAuthenticationHandler.RallyClaim)?.Value
            ?? throw new HubException($"{ErrorCode.Unauthenticated}: The connection has no RallyLive token.");

    public static string SubjectId(this HubCallerContext context) =>
        context.User?.SubjectId() ?? throw new HubException($"{ErrorCode.Unauthenticated}: The connection has no RallyLive token.");

    /// <summary>An id a caller sends (stream, poll) before it becomes part of a grain key; grains refuse ids their rally does not have.</summary>
    public static string RequireId(string? id, string what) =>
        id is { Length: > 0 and <= 40 } && id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
            ? id
            : throw new RallyException(RallyErrorCode.InvalidRequest, $"A {what} id is 1 to 40 lower-case letters, digits or dashes.");

    private static class ErrorCode
    {
        public const string Unauthenticated = "Unauthenticated";
    }
}
