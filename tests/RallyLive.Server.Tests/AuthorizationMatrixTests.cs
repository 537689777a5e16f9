using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using RallyLive.Abstractions;
using RallyLive.Server.Realtime;
using RallyLive.Server.Tests.Hubs;

namespace RallyLive.Server.Tests;

/// <summary>Every hub against every role, over real sockets with the official client. Hub calls act in the token's rally only.</summary>
public sealed class AuthorizationMatrixTests : IAsyncLifetime
{
    private readonly LiveServer _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task EachHub_AdmitsOnlyItsOwnRole_AndAnotherRallysOrganiserOnlyReachesTheirOwnRally()
    {
        var api = _server.Api;
        var rally = await api.CreateRallyAsync();
        var other = await api.CreateRallyAsync();
        var viewer = await api.JoinAsync(rally.RallyId, "stage", "Reed");
        var moderator = await api.MintModeratorAsync(rally, "Ezra");

        var matrix = await NodeScript.Protocol.RunAsync("authorization.mjs", new
        {
            baseUrl = _server.BaseUrl,
            viewerId = viewer.ViewerId,
            tokens = new { none = (string?)null, viewer = viewer.ViewerToken, moderator = moderator.Key, organiser = rally.OrganiserKey, otherOrganiser = other.OrganiserKey },
        });

        string Admission(string role, string hub) => matrix.GetProperty(role).GetProperty(hub).GetString()!;
        Assert.Equal(["401", "401", "401"], Hubs.Select(hub => Admission("none", hub)));
        Assert.Equal(["allowed", "403", "403"], Hubs.Select(hub => Admission("viewer", hub)));
        Assert.Equal(["403", "allowed", "403"], Hubs.Select(hub => Admission("moderator", hub)));
        Assert.Equal(["403", "403", "allowed"], Hubs.Select(hub => Admission("organiser", hub)));
        Assert.Equal(["403", "403", "allowed"], Hubs.Select(hub => Admission("otherOrganiser", hub)));
        Assert.Equal(rally.RallyId, matrix.GetProperty("organiser").GetProperty("organiserSeesRally").GetString());
        Assert.Equal(other.RallyId, matrix.GetProperty("otherOrganiser").GetProperty("organiserSeesRally").GetString());

        // A viewer's card (GetViewerHistory) is the moderator's alone: only the moderator's connection reached it.
        Assert.Equal(viewer.ViewerId, matrix.GetProperty("moderator").GetProperty("moderatorSeesViewer").GetString());
        Assert.All(new[] { "none", "viewer", "organiser", "otherOrganiser" },
            role => Assert.False(matrix.GetProperty(role).TryGetProperty("moderatorSeesViewer", out _), $"{role} read a viewer's history"));
    }

    [Fact]
    public async Task QuestionMethods_ExistOnlyOnTheHubOfTheirRole()
    {
        var api = _server.Api;
        var rally = await api.CreateRallyAsync();
        var joined = await api.JoinAsync(rally.RallyId, "stage", "Reed");
        var moderatorKey = await api.MintModeratorAsync(rally, "Ezra");
        await using var viewer = await ViewerHubClient.ConnectAsync(_server.BaseUrl, joined.ViewerToken);
        await using var moderator = await ModeratorHubClient.ConnectAsync(_server.BaseUrl, moderatorKey.Key);
        await using var organiser = await OrganiserHubClient.ConnectAsync(_server.BaseUrl, rally.OrganiserKey);
        await viewer.JoinStreamAsync(new("stage", "Reed"));
        var clients = new (string Role, TypedHubClient Client)[] { ("viewer", viewer), ("moderator", moderator), ("organiser", organiser) };

        var outcomes = new Dictionary<string, string>();
        foreach (var (method, argument) in QuestionCalls)
        {
            foreach (var (role, client) in clients)
            {
                outcomes[$"{role} {method}"] = await OutcomeAsync(client, method, argument);
            }
        }

        string Row(string method) => string.Join(" ", clients.Select(c => outcomes[$"{c.Role} {method}"]));
        Assert.Equal("allowed unknown unknown", Row(nameof(ViewerHub.AskQuestion)));
        Assert.Equal("allowed unknown unknown", Row(nameof(ViewerHub.UpvoteQuestion)));
        Assert.Equal("unknown allowed unknown", Row(nameof(ModeratorHub.ApproveQuestion)));
        Assert.Equal("unknown allowed unknown", Row(nameof(ModeratorHub.RejectQuestion)));
        Assert.Equal("unknown unknown allowed", Row(nameof(OrganiserHub.ShowQuestion)));
        Assert.Equal("unknown unknown allowed", Row(nameof(OrganiserHub.ClearShownQuestion)));
    }

    /// <summary>Each new question method with an argument it binds (none for <c>ClearShownQuestion</c>).</summary>
    private static readonly (string Method, object? Argument)[] QuestionCalls =
    [
        (nameof(ViewerHub.AskQuestion), new AskQuestionCall("stage", "Who pays for the mini-lab?")),
        (nameof(ViewerHub.UpvoteQuestion), new QuestionCall("q1")),
        (nameof(ModeratorHub.ApproveQuestion), new QuestionCall("q1")),
        (nameof(ModeratorHub.RejectQuestion), new QuestionCall("q1")),
        (nameof(OrganiserHub.ShowQuestion), new QuestionCall("q1")),
        (nameof(OrganiserHub.ClearShownQuestion), null),
    ];

    /// <summary>
    /// "unknown" when the hub has no such method for this role; "allowed" when the call ran, whether the domain took it
    /// or refused it with one of its own codes (a question's state, not the caller's role).
    /// </summary>
    private static async Task<string> OutcomeAsync(TypedHubClient client, string method, object? argument)
    {
        try
        {
            await (argument is null ? client.Connection.InvokeAsync(method) : client.Connection.InvokeAsync(method, argument));
            return "allowed";
        }
        catch (HubException refused) when (TypedHubClient.CodeOf(refused) is { } code && Enum.IsDefined(typeof(RallyErrorCode), code))
        {
            return "allowed";
        }
        catch (HubException refused) when (refused.Message.Contains("Method does not exist", StringComparison.Ordinal))
        {
            return "unknown";
        }
    }

    private static readonly string[] Hubs = ["/hubs/viewer", "/hubs/moderator", "/hubs/organiser"];
}
