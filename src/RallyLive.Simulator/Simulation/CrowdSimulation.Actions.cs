using System.Net.WebSockets;
using RallyLive.Simulator.Protocol;
using RallyLive.Simulator.Scenarios;

namespace RallyLive.Simulator.Simulation;

/// <summary>What each planned action does over the network, and how its outcome is counted.</summary>
public sealed partial class CrowdSimulation
{
    private async Task RunViewerActionAsync(SimulatedViewer viewer, PlannedAction action)
    {
        switch (action.Kind)
        {
            case PlannedActionKind.Join:
                await JoinAsync(viewer, action.Stream);
                break;
            case PlannedActionKind.SwitchStream:
                await SwitchAsync(viewer, action.Stream);
                break;
            case PlannedActionKind.Leave:
                await LeaveAsync(viewer);
                break;
            case PlannedActionKind.Tap:
                viewer.FlushQueued = false;
                await SendTapsAsync(viewer, waitForSlot: false);
                break;
            case PlannedActionKind.Chat:
                await ChatAsync(viewer, action);
                break;
            case PlannedActionKind.Vote:
                await VoteAsync(viewer, action);
                break;
            case PlannedActionKind.AskQuestion:
                await AskQuestionAsync(viewer, action);
                break;
            case PlannedActionKind.UpvoteQuestion:
                await UpvoteQuestionAsync(viewer, action);
                break;
        }
    }

    private async Task RunOrganiserActionAsync(PlannedAction action)
    {
        switch (action.Kind)
        {
            case PlannedActionKind.Organiser:
                var beatAction = _plan.Scenario.Beats[action.Item].Action;
                if (beatAction == OrganiserAction.End)
                {
                    // The crowd stops with the rally: taps, chat and votes after the end would only be refused.
                    _ended = true;
                }

                await CallAsync(null, beatAction switch
                {
                    OrganiserAction.GoLive => token => _organiser.GoLiveAsync(token),
                    OrganiserAction.NextSegment => token => _organiser.NextSegmentAsync(token),
                    _ => token => _organiser.EndRallyAsync(token),
                });
                break;
            case PlannedActionKind.OpenPoll:
                var poll = _plan.Polls[action.Item];
                var (created, state) = await CallAsync(null, token => _organiser.CreatePollAsync(poll.Question, poll.Options, token));
                var opened = false;
                try
                {
                    if (created)
                    {
                        _pollIds[action.Item] = state!.PollId;
                        (opened, _) = await CallAsync(null, token => _organiser.OpenPollAsync(state.PollId, token));
                    }
                }
                finally
                {
                    // Whatever happened, the votes waiting for this poll learn it: cast them, or count them as not cast.
                    _pollsOpened[action.Item].TrySetResult(opened ? state!.PollId : null);
                }

                break;
            case PlannedActionKind.ClosePoll when _pollIds[action.Item] is { } pollId:
                await CallAsync(null, token => _organiser.ClosePollAsync(pollId, token));
                break;
            case PlannedActionKind.ApproveQuestion:
                await ApproveQuestionAsync(action);
                break;
            case PlannedActionKind.ShowQuestion:
                if (await _questionsApproved[action.Item].Task.WaitAsync(_stopping.Token) is { } shownId
                    && (await CallAsync(null, token => _organiser.ShowQuestionAsync(shownId, token))).Ok)
                {
                    Interlocked.Increment(ref _questionsShown);
                }

                break;
        }
    }

    /// <summary>Joins through the API (keeping the viewer's id on a rejoin), opens the viewer hub and joins the stream there.</summary>
    private async Task JoinAsync(SimulatedViewer viewer, int stream)
    {
        if (viewer.Connection is not null)
        {
            await SwitchAsync(viewer, stream);
            return;
        }

        viewer.Stream = stream;
        var streamId = _plan.Streams[stream];
        var name = viewer.Plan.DisplayName;
        var (joined, identity) = await CallAsync(viewer, token => _api.JoinStreamAsync(Rally.RallyId, streamId, name, viewer.Identity?.ViewerToken, token));
        if (!joined)
        {
            return;
        }

        viewer.Identity = identity;
        var (connected, connection) = await CallAsync(viewer, token => ViewerConnection.ConnectAsync(_options.Server, identity!, token));
        if (!connected)
        {
            return;
        }

        var (watching, _) = await CallAsync(viewer, token => connection!.JoinStreamAsync(streamId, name, token));
        if (!watching)
        {
            await connection!.DisposeAsync();
            return;
        }

        viewer.JoinedAt = _clock.Elapsed;
        viewer.LinesHeld = 0;
        viewer.Connection = connection;
        Interlocked.Increment(ref _viewersConnected);
        if (!viewer.HasJoined)
        {
            viewer.HasJoined = true;
            Interlocked.Increment(ref _viewersJoined);
        }
    }

    private async Task SwitchAsync(SimulatedViewer viewer, int stream)
    {
        if (viewer.Connection is not { } connection)
        {
            await JoinAsync(viewer, stream);
            return;
        }

        await SendTapsAsync(viewer, waitForSlot: true);
        var from = _plan.Streams[viewer.Stream];
        var to = _plan.Streams[stream];
        await CallAsync(viewer, token => connection.LeaveStreamAsync(from, token));
        viewer.Stream = stream;
        if ((await CallAsync(viewer, token => connection.JoinStreamAsync(to, viewer.Plan.DisplayName, token))).Ok)
        {
            viewer.JoinedAt = _clock.Elapsed;
            viewer.LinesHeld = 0;
        }
    }

    /// <summary>Leaves the stream (so it stops counting the viewer) and closes the connection.</summary>
    private async Task LeaveAsync(SimulatedViewer viewer)
    {
        if (viewer.Connection is { } connection)
        {
            await SendTapsAsync(viewer, waitForSlot: true);
            var streamId = _plan.Streams[viewer.Stream];
            await CallAsync(viewer, token => connection.LeaveStreamAsync(streamId, token));
            await DropAsync(viewer);
        }

        viewer.Stream = -1;
    }

    /// <summary>
    /// Sends the viewer's waiting taps as one <c>React</c> call. Taps have at most half of the call slots, so that chat,
    /// votes and joins never queue behind them; when those are all busy (the server or the machine is behind), a
    /// regular flush keeps the taps for a later, bigger batch instead of holding up the viewer's next action.
    /// </summary>
    private async Task SendTapsAsync(SimulatedViewer viewer, bool waitForSlot)
    {
        if (waitForSlot)
        {
            await _tapSlots.WaitAsync(_stopping.Token);
        }
        else if (!_tapSlots.Wait(0))
        {
            _tapsBehind.Enqueue(viewer);
            return;
        }

        try
        {
            await SendWaitingTapsAsync(viewer);
        }
        finally
        {
            _tapSlots.Release();
        }
    }

    private async Task SendWaitingTapsAsync(SimulatedViewer viewer)
    {
        if (viewer.Connection is not { } connection)
        {
            return;
        }

        if (_ended)
        {
            Interlocked.Add(ref _tapsHeldBack, connection.Taps.Clear());
            return;
        }

        if (connection.Taps.Pending == 0)
        {
            return;
        }

        var streamId = _plan.Streams[viewer.Stream];
        var (sent, accepted) = await CallAsync(viewer, token => connection.SendTapsAsync(streamId, token));
        if (sent)
        {
            Interlocked.Add(ref _reactionsAccepted, accepted);
        }
    }

    private async Task ChatAsync(SimulatedViewer viewer, PlannedAction action)
    {
        var campaign = action.Option >= 0 ? _campaigns[action.Option] : null;
        if (_ended || !await ConnectedAsync(viewer))
        {
            Interlocked.Increment(ref _chatHeldBack);
            return;
        }

        var quietUntil = viewer.JoinedAt + _options.QuietAfterJoining;
        if (viewer.Plan.Role != ViewerRole.Raider && _clock.Elapsed < quietUntil)
        {
            // Lines held back by the quiet come out a second and a half apart, within the chat rate limit.
            Defer(viewer, action, quietUntil + TimeSpan.FromSeconds(1.5) * viewer.LinesHeld++);
            return;
        }

        if (campaign is not null)
        {
            Interlocked.Increment(ref campaign.Sent);
        }

        var connection = viewer.Connection!;
        var streamId = _plan.Streams[viewer.Stream];
        var (accepted, message) = await CallAsync(viewer, token => connection.ChatAsync(streamId, _plan.Lines[action.Item], token));
        if (accepted)
        {
            Interlocked.Increment(ref _chatAccepted);
            campaign?.Ids.TryAdd(message!.Id, 0);
        }
    }

    /// <summary>
    /// Votes once the poll is open: on a busy server the organiser's opening can finish after the first votes fall due,
    /// and a viewer votes when they see the poll, not before.
    /// </summary>
    private async Task VoteAsync(SimulatedViewer viewer, PlannedAction action)
    {
        var pollId = await _pollsOpened[action.Item].Task.WaitAsync(_stopping.Token);
        if (_ended || pollId is null || !await ConnectedAsync(viewer))
        {
            Interlocked.Increment(ref _votesNotCast);
            return;
        }

        var connection = viewer.Connection!;
        var (voted, counted) = await CallAsync(viewer, token => connection.VoteAsync(pollId, action.Option, token));
        if (voted)
        {
            Interlocked.Increment(ref _votesAccepted[action.Item][counted]);
        }
        else
        {
            Interlocked.Increment(ref _votesNotCast);
        }
    }

    private async Task AskQuestionAsync(SimulatedViewer viewer, PlannedAction action)
    {
        string? id = null;
        try
        {
            if (!_ended && await ConnectedAsync(viewer))
            {
                var connection = viewer.Connection!;
                var (asked, question) = await CallAsync(viewer, token => connection.AskQuestionAsync(_plan.Streams[viewer.Stream], _plan.Questions[action.Item].Text, token));
                id = asked ? question!.Id : null;
            }
        }
        finally
        {
            // Whatever happened, the moderator waiting for this question learns it.
            _questionsAsked[action.Item].TrySetResult(id);
        }
    }

    /// <summary>The moderator approves a question once it has been asked; upvotes and showing wait for the approval.</summary>
    private async Task ApproveQuestionAsync(PlannedAction action)
    {
        string? approved = null;
        try
        {
            if (await _questionsAsked[action.Item].Task.WaitAsync(_stopping.Token) is { } id)
            {
                _moderator ??= await ModeratorConnection.ConnectAsync(_options.Server, Rally.ModeratorKey, _stopping.Token);
                var moderator = _moderator;
                approved = (await CallAsync(null, token => moderator.ApproveQuestionAsync(id, token))).Ok ? id : null;
                if (approved is not null)
                {
                    Interlocked.Increment(ref _questionsTaken);
                }
            }
        }
        finally
        {
            _questionsApproved[action.Item].TrySetResult(approved);
        }
    }

    private async Task UpvoteQuestionAsync(SimulatedViewer viewer, PlannedAction action)
    {
        if (await _questionsApproved[action.Item].Task.WaitAsync(_stopping.Token) is not { } id || _ended || !await ConnectedAsync(viewer))
        {
            return;
        }

        var connection = viewer.Connection!;
        var (upvoted, counted) = await CallAsync(viewer, token => connection.UpvoteQuestionAsync(id, token));
        if (upvoted && counted)
        {
            Interlocked.Increment(ref _upvotesCounted);
        }
    }

    /// <summary>Whether the viewer has a connection, reopening one that was lost while they are meant to be watching.</summary>
    private async Task<bool> ConnectedAsync(SimulatedViewer viewer)
    {
        if (viewer.Connection is { Closed.IsCompleted: true })
        {
            await DropAsync(viewer);
        }

        if (viewer.Connection is null && viewer.Stream >= 0)
        {
            await JoinAsync(viewer, viewer.Stream);
        }

        return viewer.Connection is not null;
    }

    private async Task DropAsync(SimulatedViewer viewer)
    {
        if (viewer.Connection is not { } connection)
        {
            return;
        }

        viewer.Connection = null;
        Interlocked.Decrement(ref _viewersConnected);
        Interlocked.Add(ref _tapsHeldBack, connection.Taps.Clear());
        await connection.DisposeAsync();
    }

    /// <summary>
    /// One call, within the limit of calls under way and the request timeout. A refusal (a call the server answered
    /// with an error code) is counted and not retried; anything else is a connection failure, and the viewer's
    /// connection is dropped so that their next action opens a new one.
    /// </summary>
    private async Task<(bool Ok, T? Value)> CallAsync<T>(SimulatedViewer? viewer, Func<CancellationToken, Task<T>> call)
    {
        await _calls.WaitAsync(_stopping.Token);
        Interlocked.Increment(ref _callsSent);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            return (true, await call(timeout.Token));
        }
        catch (Exception exception) when (exception is HubCallException { Code: not null } or ApiCallException)
        {
            Interlocked.Increment(ref _refusals);
            return (false, default);
        }
        catch (Exception exception) when (!_stopping.IsCancellationRequested && exception is HubCallException or ServerUnavailableException
            or WebSocketException or HttpRequestException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            Interlocked.Increment(ref _connectionFailures);
            if (viewer is not null)
            {
                await DropAsync(viewer);
            }

            return (false, default);
        }
        finally
        {
            _calls.Release();
        }
    }

    private Task<(bool Ok, bool Value)> CallAsync(SimulatedViewer? viewer, Func<CancellationToken, Task> call) =>
        CallAsync(viewer, async token =>
        {
            await call(token);
            return true;
        });

    /// <summary>One simulated viewer as it runs: its connection, stream and queue of actions.</summary>
    private sealed class SimulatedViewer
    {
        public SimulatedViewer(PlannedViewer plan, CrowdSimulation simulation)
        {
            Plan = plan;
            Queue = new ActionQueue(action => simulation.RunViewerActionAsync(this, action), simulation.Failed);
        }

        public PlannedViewer Plan { get; }

        public ActionQueue Queue { get; }

        public JoinedViewer? Identity { get; set; }

        public ViewerConnection? Connection { get; set; }

        /// <summary>The stream the viewer is meant to be watching (an index of the plan's streams), or -1.</summary>
        public int Stream { get; set; } = -1;

        /// <summary>When (run time) the viewer last joined a stream.</summary>
        public TimeSpan JoinedAt { get; set; }

        public bool HasJoined { get; set; }

        /// <summary>Chat lines held back by the quiet after the viewer's last join.</summary>
        public int LinesHeld { get; set; }

        public volatile bool FlushQueued;
    }
}
