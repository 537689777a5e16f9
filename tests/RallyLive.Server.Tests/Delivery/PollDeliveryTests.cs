using System.Collections.Concurrent;
using RallyLive.Abstractions.Polls;
using RallyLive.Server.Tests.Hubs;

namespace RallyLive.Server.Tests.Delivery;

/// <summary>What a poll's viewers and organisers hear of it through the real server.</summary>
public sealed class PollDeliveryTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly LiveServer _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task PollWithResultsAtClose_ViewersHearOfItOpeningAndClosing_NotOfTalliesTheyMayNotSee()
    {
        var rally = await _server.Api.CreateRallyAsync();
        await using var organiser = await OrganiserHubClient.ConnectAsync(_server.BaseUrl, rally.OrganiserKey);
        await organiser.GoLiveAsync();
        var poll = await organiser.CreatePollAsync(new("Which route first?", ["North", "South"], ResultsVisibility.AtClose));
        var joined = await _server.Api.JoinAsync(rally.RallyId, "stage", "Ama");
        await using var viewer = await ViewerHubClient.ConnectAsync(_server.BaseUrl, joined.ViewerToken);
        var seenByViewer = new ConcurrentQueue<PollSnapshot>();
        var closedForViewer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = viewer.OnPollUpdated((_, snapshot) =>
        {
            seenByViewer.Enqueue(snapshot);
            if (snapshot.Status == PollStatus.Closed)
            {
                closedForViewer.TrySetResult();
            }
        });
        var talliesForOrganiser = new TaskCompletionSource<PollSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var __ = organiser.OnPollUpdated((_, snapshot) =>
        {
            if (snapshot.Status == PollStatus.Open && snapshot.TotalVotes == 1)
            {
                talliesForOrganiser.TrySetResult(snapshot);
            }
        });
        await viewer.JoinStreamAsync(new("stage", "Ama"));

        await organiser.OpenPollAsync(new(poll.PollId));
        await viewer.VoteAsync(new(poll.PollId, 1));
        Assert.Equal<int>([0, 1], (await talliesForOrganiser.Task.WaitAsync(Patience)).Tallies);
        await organiser.ClosePollAsync(new(poll.PollId));
        await closedForViewer.Task.WaitAsync(Patience);

        // The tallies announced after the vote went to the organiser only; the viewer heard of the opening, then the result.
        Assert.Equal([PollStatus.Open, PollStatus.Closed], seenByViewer.Select(p => p.Status));
        Assert.Empty(seenByViewer.First().Tallies);
        Assert.Equal<int>([0, 1], seenByViewer.Last().Tallies);
    }
}
