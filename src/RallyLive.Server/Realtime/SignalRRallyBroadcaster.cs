using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using RallyLive.Grains.Live;
using RallyLive.Grains.Narratives;
using RallyLive.Grains.Polls;
using RallyLive.Grains.Rallies;
using RallyLive.Grains.Sentiment;
using RallyLive.Grains.Streams;
using RallyLive.Server.Api;

namespace RallyLive.Server.Realtime;

/// <summary>
/// The grains' broadcaster over SignalR. Grains call it inside their turns, so it only queues; a background
/// service sends. Viewers of a stream get its reaction bursts and visible chat, and every viewer of the rally
/// its changes and polls as viewers may see them; organisers get the dashboard (stream frames, sentiment,
/// narratives, rally and polls with tallies); moderators get every message, held ones included.
/// </summary>
public sealed partial class SignalRRallyBroadcaster(
    IHubContext<ViewerHub, IViewerClient> viewers,
    IHubContext<OrganiserHub, IOrganiserClient> organisers,
    IHubContext<ModeratorHub, IModeratorClient> moderators,
    ViewerConnections viewerConnections,
    ILogger<SignalRRallyBroadcaster> logger) : BackgroundService, IRallyBroadcaster
{
    /// <summary>Sends waiting beyond this are dropped oldest first, so a stalled server cannot grow without bound.</summary>
    private const int MaxQueuedSends = 100_000;

    private readonly Channel<Func<Task>> _sends = Channel.CreateBounded<Func<Task>>(
        new BoundedChannelOptions(MaxQueuedSends) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });

    public void StreamFrame(StreamFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        Queue(() => viewers.Clients.Group(Groups.Stream(frame.RallyId, frame.StreamId)).ReactionBurst(frame));
        Queue(() => organisers.Clients.Group(Groups.Organisers(frame.RallyId)).StreamFrame(frame));
    }

    public void ChatPosted(string rallyId, ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.State == ChatMessageState.Visible)
        {
            Queue(() => viewers.Clients.Group(Groups.Stream(rallyId, message.StreamId)).ChatMessage(message));
        }

        Queue(() => moderators.Clients.Group(Groups.Moderators(rallyId)).ChatMessage(message));
    }

    public void ChatChanged(string rallyId, ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var stream = viewers.Clients.Group(Groups.Stream(rallyId, message.StreamId));
        Queue(() => message.State == ChatMessageState.Visible ? stream.ChatMessage(message) : stream.ChatMessageRemoved(message.Id));
        Queue(() => moderators.Clients.Group(Groups.Moderators(rallyId)).ChatMessageChanged(message));
    }

    public void Sentiment(string rallyId, IReadOnlyList<SentimentBucket> buckets) =>
        Queue(() => organisers.Clients.Group(Groups.Organisers(rallyId)).Sentiment(buckets));

    public void Narrative(string rallyId, NarrativeView narrative) =>
        Queue(() => organisers.Clients.Group(Groups.Organisers(rallyId)).Narrative(narrative));

    public void RallyChanged(RallySnapshot rally)
    {
        ArgumentNullException.ThrowIfNull(rally);
        var everyone = PublicRally.Of(rally);
        Queue(() => viewers.Clients.Group(Groups.Viewers(rally.RallyId)).RallyUpdated(everyone));
        Queue(() => organisers.Clients.Group(Groups.Organisers(rally.RallyId)).RallyUpdated(rally));
    }

    public void PollChanged(PollSnapshot poll)
    {
        ArgumentNullException.ThrowIfNull(poll);
        var forViewers = poll.ForViewers();
        Queue(() => viewers.Clients.Group(Groups.Viewers(poll.RallyId)).PollUpdated(forViewers));
        Queue(() => organisers.Clients.Group(Groups.Organisers(poll.RallyId)).PollUpdated(poll));
    }

    public void ViewerBanned(string rallyId, string viewerId) =>
        Queue(() =>
        {
            viewerConnections.CloseAll(rallyId, viewerId);
            return Task.CompletedTask;
        });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var send in _sends.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await send();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogSendFailed(logger, exception);
            }
        }
    }

    private void Queue(Func<Task> send) => _sends.Writer.TryWrite(send);

    [LoggerMessage(1, LogLevel.Warning, "A broadcast to clients failed")]
    private static partial void LogSendFailed(ILogger logger, Exception exception);
}
