using System.Collections.Immutable;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using RallyLive.Abstractions.Live;
using RallyLive.Abstractions.Questions;
using RallyLive.Abstractions.Streams;
using RallyLive.Grains;
using RallyLive.Server.Api;
using RallyLive.Server.Auth;

namespace RallyLive.Server.Realtime.Delivery;

/// <summary>
/// Sends the events a rally's delivery hands this node to the node's own connections, one at a time in the order
/// received, each with its number. Viewers of a stream get its reaction bursts and visible chat, and every viewer
/// of the rally its changes and polls as viewers may see them; organisers get the dashboard (stream frames,
/// sentiment, narratives, rally and polls with tallies, moderation); moderators get every message, held ones
/// included, and the rally's moderation as it changes. A ban closes the viewer's connections on this node. The sender
/// takes what is queued in batches (<see cref="SendBatch"/>): within one, a stream's frames go to viewers as one and a
/// poll's tallies once. While the node sheds load (<see cref="DeliveryPace"/>), a batch starts at most once per interval,
/// so more frames merge, and viewers are sent a smaller share of each stream's chat.
/// </summary>
public sealed partial class LocalDelivery(
    IHubContext<ViewerHub, IViewerClient> viewers,
    IHubContext<OrganiserHub, IOrganiserClient> organisers,
    IHubContext<ModeratorHub, IModeratorClient> moderators,
    RallyConnections connections,
    RallySequences sequences,
    DeliveryPace pace,
    IOptions<RealtimeOptions> options,
    TimeProvider time,
    RealtimeMetrics metrics,
    ILogger<LocalDelivery> logger) : BackgroundService
{
    /// <summary>Sends waiting beyond this are dropped oldest first, so a stalled node cannot grow without bound.</summary>
    private const int MaxQueuedSends = 100_000;

    /// <summary>Each stream's chat fan-out budget on this node; touched only by the sender, so it needs no lock.</summary>
    private readonly Dictionary<(string RallyId, string StreamId), TokenBucket> _chatFanOut = [];

    private readonly SendBatch _batch = new();

    /// <summary>Stopwatch ticks spent sending since <see cref="TakeBusyTime"/> was last called.</summary>
    private long _busyTicks;

    private readonly Channel<NumberedEvent> _sends = Channel.CreateBounded<NumberedEvent>(
        new BoundedChannelOptions(MaxQueuedSends) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest },
        itemDropped: _ => metrics.Dropped());

    public void Enqueue(ImmutableArray<NumberedEvent> events)
    {
        foreach (var numbered in events)
        {
            _sends.Writer.TryWrite(numbered);
        }
    }

    /// <summary>How long the sender has spent sending since the last call (the load monitor's measure of it).</summary>
    public TimeSpan TakeBusyTime() => Stopwatch.GetElapsedTime(0, Interlocked.Exchange(ref _busyTicks, 0));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var queue = _sends.Reader;
        var batchStarted = 0L;
        while (await queue.WaitToReadAsync(stoppingToken))
        {
            // Shedding load, a batch starts at most once per interval (real time, as the load it answers), so that each
            // stream's frames queued since the last one merge; the first event after a quiet spell goes out at once.
            var wait = pace.BatchInterval - Stopwatch.GetElapsedTime(batchStarted);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, stoppingToken);
            }

            batchStarted = Stopwatch.GetTimestamp();
            _batch.Take(queue);
            foreach (var numbered in _batch.Events)
            {
                var started = Stopwatch.GetTimestamp();
                await SendAsync(numbered);
                Interlocked.Add(ref _busyTicks, Stopwatch.GetTimestamp() - started);
            }
        }
    }

    private async Task SendAsync(NumberedEvent numbered)
    {
        var (sequence, rallyEvent) = numbered;
        try
        {
            sequences.Delivered(rallyEvent.RallyId, sequence);
            await SendAsync(sequence, rallyEvent);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogSendFailed(logger, exception);
        }
    }

    private Task SendAsync(long sequence, RallyEvent rallyEvent) => rallyEvent switch
    {
        StreamFramed framed => StreamFrameAsync(sequence, framed),
        ChatPosted posted => ChatPostedAsync(sequence, posted.RallyId, posted.Message),
        ChatChanged changed => ChatChangedAsync(sequence, changed.RallyId, changed.Message),
        SentimentSealed sealedSeconds => organisers.Clients.Group(Groups.Organisers(sealedSeconds.RallyId)).Sentiment(sequence, sealedSeconds.Buckets),
        NarrativeChanged narrative => organisers.Clients.Group(Groups.Organisers(narrative.RallyId)).Narrative(sequence, narrative.Narrative),
        RallyChanged rally => RallyChangedAsync(sequence, rally),
        PollChanged poll => PollChangedAsync(sequence, poll),
        ModerationChanged moderation => ModerationChangedAsync(sequence, moderation),
        QuestionsChanged questions => QuestionsChangedAsync(sequence, questions),
        ViewerBanned banned => CloseConnections(banned),
        _ => throw new InvalidOperationException($"No delivery for {rallyEvent.GetType().Name}."),
    };

    /// <summary>
    /// Viewers get a frame meant for them merged with any before it that were carried; organisers get every tick's frame,
    /// for their rates and counts.
    /// </summary>
    private async Task StreamFrameAsync(long sequence, StreamFramed framed)
    {
        var frame = framed.Frame;
        // A frame not for viewers tells only of a changed viewer count, which viewers hear of less often (StreamOptions.ViewerCountInterval).
        if (framed.ForViewers)
        {
            if (_batch.FrameForViewers(sequence, frame) is { } forViewers)
            {
                await viewers.Clients.Group(Groups.Stream(frame.RallyId, frame.StreamId)).ReactionBurst(sequence, forViewers);
                metrics.FrameDelivered(forViewers.At, time.GetUtcNow());
                metrics.Sent(nameof(IViewerClient.ReactionBurst) + "@viewers");
            }
            else
            {
                metrics.FrameMerged();
            }
        }

        await organisers.Clients.Group(Groups.Organisers(frame.RallyId)).StreamFrame(sequence, frame);
    }

    private async Task ChatPostedAsync(long sequence, string rallyId, ChatMessage message)
    {
        if (message.State == ChatMessageState.Visible && WithinFanOut(rallyId, message.StreamId))
        {
            await viewers.Clients.Group(Groups.Stream(rallyId, message.StreamId)).ChatMessage(sequence, message);
            metrics.Sent(nameof(IViewerClient.ChatMessage) + "@viewers");
        }

        await moderators.Clients.Group(Groups.Moderators(rallyId)).ChatMessage(sequence, message);
        metrics.Sent(nameof(IModeratorClient.ChatMessage) + "@moderators");
    }

    private async Task ChatChangedAsync(long sequence, string rallyId, ChatMessage message)
    {
        var stream = viewers.Clients.Group(Groups.Stream(rallyId, message.StreamId));
        await (message.State == ChatMessageState.Visible ? stream.ChatMessage(sequence, message) : stream.ChatMessageRemoved(sequence, message.Id));
        await moderators.Clients.Group(Groups.Moderators(rallyId)).ChatMessageChanged(sequence, message);
    }

    private async Task RallyChangedAsync(long sequence, RallyChanged changed)
    {
        await viewers.Clients.Group(Groups.Viewers(changed.RallyId)).RallyUpdated(sequence, PublicRally.Of(changed.Rally));
        await organisers.Clients.Group(Groups.Organisers(changed.RallyId)).RallyUpdated(sequence, changed.Rally);
    }

    private async Task PollChangedAsync(long sequence, PollChanged changed)
    {
        if (_batch.IsSuperseded(sequence, changed))
        {
            metrics.TalliesSkipped();
            return;
        }

        if (changed.ChangesWhatViewersSee)
        {
            await viewers.Clients.Group(Groups.Viewers(changed.RallyId)).PollUpdated(sequence, changed.Poll.ForViewers());
        }

        await organisers.Clients.Group(Groups.Organisers(changed.RallyId)).PollUpdated(sequence, changed.Poll);
    }

    private async Task ModerationChangedAsync(long sequence, ModerationChanged changed)
    {
        await organisers.Clients.Group(Groups.Organisers(changed.RallyId)).ModerationChanged(sequence, changed.Changes);
        await moderators.Clients.Group(Groups.Moderators(changed.RallyId)).ModerationChanged(sequence, changed.Changes);
    }

    /// <summary>Viewers hear of questions they may see, and of those they no longer see; a new pending question reaches moderators and organisers only.</summary>
    private async Task QuestionsChangedAsync(long sequence, QuestionsChanged changed)
    {
        var forViewers = new QuestionsDelta(
            [.. changed.Questions.Where(q => q.IsPublic).Select(q => q.ForViewers())],
            [.. changed.Questions.Where(q => q.State is QuestionState.Rejected or QuestionState.Answered).Select(q => q.Id)]);
        if (forViewers.Questions.Length > 0 || forViewers.Removed.Length > 0)
        {
            await viewers.Clients.Group(Groups.Viewers(changed.RallyId)).QuestionsChanged(sequence, forViewers);
        }

        var all = new QuestionsDelta(changed.Questions, []);
        await organisers.Clients.Group(Groups.Organisers(changed.RallyId)).QuestionsChanged(sequence, all);
        await moderators.Clients.Group(Groups.Moderators(changed.RallyId)).QuestionsChanged(sequence, all);
    }

    private Task CloseConnections(ViewerBanned banned)
    {
        connections.CloseAll(banned.RallyId, RallyRole.Viewer, banned.ViewerId);
        return Task.CompletedTask;
    }

    private bool WithinFanOut(string rallyId, string streamId)
    {
        if (!_chatFanOut.TryGetValue((rallyId, streamId), out var budget))
        {
            _chatFanOut[(rallyId, streamId)] = budget = new TokenBucket(options.Value.ChatFanOutPerStream, time);
        }

        if (budget.TryTake(pace.ChatShare))
        {
            return true;
        }

        metrics.SampledOut();
        return false;
    }

    [LoggerMessage(1, LogLevel.Warning, "A broadcast to clients failed")]
    private static partial void LogSendFailed(ILogger logger, Exception exception);
}
