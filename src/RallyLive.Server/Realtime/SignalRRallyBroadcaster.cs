using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using RallyLive.Abstractions.Moderation;
using RallyLive.Abstractions.Narratives;
using RallyLive.Abstractions.Polls;
using RallyLive.Abstractions.Rallies;
using RallyLive.Abstractions.Sentiment;
using RallyLive.Abstractions.Streams;
using RallyLive.Domain.Narratives;
using RallyLive.Grains.Live;
using RallyLive.Server.Api;
using RallyLive.Server.Auth;

namespace RallyLive.Server.Realtime;

/// <summary>
/// The grains' broadcaster over SignalR. Grains call it inside their turns, so it only queues; a background
/// service sends. Viewers of a stream get its reaction bursts and visible chat, and every viewer of the rally
/// its changes and polls as viewers may see them; organisers get the dashboard (stream frames, sentiment,
/// narratives, rally and polls with tallies, moderation); moderators get every message, held ones included,
/// and the rally's moderation as it changes.
/// </summary>
public sealed partial class SignalRRallyBroadcaster(
    IHubContext<ViewerHub, IViewerClient> viewers,
    IHubContext<OrganiserHub, IOrganiserClient> organisers,
    IHubContext<ModeratorHub, IModeratorClient> moderators,
    RallyConnections connections,
    RallySequences sequences,
    IOptions<RealtimeOptions> options,
    TimeProvider time,
    RealtimeMetrics metrics,
    ILogger<SignalRRallyBroadcaster> logger) : BackgroundService, IRallyBroadcaster
{
    /// <summary>Each stream's chat fan-out budget; touched only by the sender, so it needs no lock.</summary>
    private readonly Dictionary<(string RallyId, string StreamId), TokenBucket> _chatFanOut = [];

    /// <summary>Sends waiting beyond this are dropped oldest first, so a stalled server cannot grow without bound.</summary>
    private const int MaxQueuedSends = 100_000;

    private readonly Channel<Send> _sends = Channel.CreateBounded<Send>(
        new BoundedChannelOptions(MaxQueuedSends) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest },
        itemDropped: _ => metrics.Dropped());

    public void StreamFrame(StreamFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        Queue(frame.RallyId, async sequence =>
        {
            await viewers.Clients.Group(Groups.Stream(frame.RallyId, frame.StreamId)).ReactionBurst(sequence, frame);
            await organisers.Clients.Group(Groups.Organisers(frame.RallyId)).StreamFrame(sequence, frame);
            metrics.Sent(nameof(IViewerClient.ReactionBurst) + "@viewers");
        });
    }

    public void ChatPosted(string rallyId, ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Queue(rallyId, async sequence =>
        {
            if (message.State == ChatMessageState.Visible && WithinFanOut(rallyId, message.StreamId))
            {
                await viewers.Clients.Group(Groups.Stream(rallyId, message.StreamId)).ChatMessage(sequence, message);
                metrics.Sent(nameof(IViewerClient.ChatMessage) + "@viewers");
            }

            await moderators.Clients.Group(Groups.Moderators(rallyId)).ChatMessage(sequence, message);
            metrics.Sent(nameof(IModeratorClient.ChatMessage) + "@moderators");
        });
    }

    public void ChatChanged(string rallyId, ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Queue(rallyId, async sequence =>
        {
            var stream = viewers.Clients.Group(Groups.Stream(rallyId, message.StreamId));
            await (message.State == ChatMessageState.Visible ? stream.ChatMessage(sequence, message) : stream.ChatMessageRemoved(sequence, message.Id));
            await moderators.Clients.Group(Groups.Moderators(rallyId)).ChatMessageChanged(sequence, message);
        });
    }

    public void Sentiment(string rallyId, IReadOnlyList<SentimentBucket> buckets) =>
        Queue(rallyId, sequence => organisers.Clients.Group(Groups.Organisers(rallyId)).Sentiment(sequence, buckets));

    public void Narrative(string rallyId, NarrativeView narrative) =>
        Queue(rallyId, sequence => organisers.Clients.Group(Groups.Organisers(rallyId)).Narrative(sequence, narrative));

    public void RallyChanged(RallySnapshot rally)
    {
        ArgumentNullException.ThrowIfNull(rally);
        var everyone = PublicRally.Of(rally);
        Queue(rally.RallyId, async sequence =>
        {
            await viewers.Clients.Group(Groups.Viewers(rally.RallyId)).RallyUpdated(sequence, everyone);
            await organisers.Clients.Group(Groups.Organisers(rally.RallyId)).RallyUpdated(sequence, rally);
        });
    }

    public void PollChanged(PollSnapshot poll)
    {
        ArgumentNullException.ThrowIfNull(poll);
        var forViewers = poll.ForViewers();
        Queue(poll.RallyId, async sequence =>
        {
            await viewers.Clients.Group(Groups.Viewers(poll.RallyId)).PollUpdated(sequence, forViewers);
            await organisers.Clients.Group(Groups.Organisers(poll.RallyId)).PollUpdated(sequence, poll);
        });
    }

    public void ModerationChanged(string rallyId, ModerationSnapshot moderation) =>
        Queue(rallyId, async sequence =>
        {
            await organisers.Clients.Group(Groups.Organisers(rallyId)).ModerationUpdated(sequence, moderation);
            await moderators.Clients.Group(Groups.Moderators(rallyId)).ModerationUpdated(sequence, moderation);
        });

    public void ViewerBanned(string rallyId, string viewerId) =>
        _sends.Writer.TryWrite(new Send(null, _ =>
        {
            connections.CloseAll(rallyId, RallyRole.Viewer, viewerId);
            return Task.CompletedTask;
        }));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var send in _sends.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                // Numbered here, by the only sender, so numbering order is sending order.
                await send.Deliver(send.RallyId is null ? 0 : sequences.Next(send.RallyId));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogSendFailed(logger, exception);
            }
        }
    }

    private bool WithinFanOut(string rallyId, string streamId)
    {
        if (!_chatFanOut.TryGetValue((rallyId, streamId), out var budget))
        {
            _chatFanOut[(rallyId, streamId)] = budget = new TokenBucket(options.Value.ChatFanOutPerStream, time);
        }

        if (budget.TryTake())
        {
            return true;
        }

        metrics.SampledOut();
        return false;
    }

    private void Queue(string rallyId, Func<long, Task> deliver) => _sends.Writer.TryWrite(new Send(rallyId, deliver));

    /// <summary>One event to deliver: every audience of it gets the same sequence number of its rally.</summary>
    private sealed record Send(string? RallyId, Func<long, Task> Deliver);

    [LoggerMessage(1, LogLevel.Warning, "A broadcast to clients failed")]
    private static partial void LogSendFailed(ILogger logger, Exception exception);
}
