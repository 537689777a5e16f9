using Microsoft.AspNetCore.SignalR;
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

    private static class ErrorCode
    {
        public const string Unauthenticated = "Unauthenticated";
    }
}
