using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using RallyLive.Server.Auth;

namespace RallyLive.Server.Tests;

/// <summary>A hub connection whose token (when it has one) expires at <paramref name="expires"/>; remembers being closed.</summary>
internal sealed class FakeConnection(string connectionId, DateTimeOffset? expires = null) : HubCallerContext
{
    public bool Aborted { get; private set; }

    public override string ConnectionId { get; } = connectionId;

    public override string? UserIdentifier => null;

    public override ClaimsPrincipal? User { get; } = expires is { } at
        ? new ClaimsPrincipal(new ClaimsIdentity([new Claim(RallyTokenAuthenticationHandler.ExpiresClaim, at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture))]))
        : null;

    public override IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();

    public override IFeatureCollection Features { get; } = new FeatureCollection();

    public override CancellationToken ConnectionAborted => CancellationToken.None;

    public override void Abort() => Aborted = true;
}
