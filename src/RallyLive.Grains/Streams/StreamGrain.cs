using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Options;
using RallyLive.Abstractions;
using RallyLive.Abstractions.Live;
using RallyLive.Abstractions.Moderation;
using RallyLive.Abstractions.Narratives;
using RallyLive.Abstractions.Rallies;
using RallyLive.Abstractions.Sentiment;
using RallyLive.Abstractions.Streams;
using RallyLive.Domain.Moderation;
using RallyLive.Domain.Narratives;
using RallyLive.Domain.Sentiment;
using RallyLive.Grains.Live;
using RallyLive.Grains.Moderation;

namespace RallyLive.Grains.Streams;

/// <summary>
/// A stream keeps its presence in memory (rebuilt from the nodes: each holds the viewers its connections watch and
/// renews that hold, <see cref="NodePresence"/>), its setup and reaction totals in a
/// small state (the totals stored at least once a second while they change), and each chat message as its own
/// record. It reads the chat rules from moderation when it activates; the rally hands it every later change.
/// </summary>
public sealed class StreamGrain(
    [PersistentState("stream")] IPersistentState<StreamState> stream,
    [PersistentRecords("chat")] IPersistentRecords<ChatMessage> chat,
    IRallyBroadcaster broadcaster,
    GrainMetrics metrics,
    IOptions<StreamOptions> options,
    IOptions<ModerationOptions> moderationOptions,
    TimeProvider time) : Grain, IStreamGrain
{
    private static readonly TimeSpan TotalsFlushInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long a viewer who left is remembered: longer than any raid window or slow-mode interval in use.</summary>
    private static readonly TimeSpan RememberDepartedFor = TimeSpan.FromMinutes(10);

    private readonly Dictionary<string, Viewer> _viewers = new(StringComparer.Ordinal);

    /// <summary>Viewers present on a provisional join only (<see cref="JoinRequest.Provisional"/>), until a connection joins them.</summary>
    private readonly HashSet<string> _leased = new(StringComparer.Ordinal);

    /// <summary>The viewers each node's connections hold here (<see cref="NodePresence"/>), by node: a few nodes at most.</summary>
    private readonly Dictionary<string, NodeHold> _nodes = new(StringComparer.Ordinal);

    /// <summary>
    /// Viewers who left, so that leaving and coming back (a reconnect, a second tab) neither makes them new again
    /// (raids, shield mode) nor restarts their slow-mode interval.
    /// </summary>
    private readonly Dictionary<string, (Viewer Viewer, DateTimeOffset LeftAt)> _departed = new(StringComparer.Ordinal);
    private int _departedSweepAt = 1024;
    private readonly LinkedList<ChatMessage> _recent = new();
    private readonly List<ChatObservation> _observedSinceTick = [];
    private ReactionCounter _reactions = new([]);
    private ChatPolicy _policy = ChatPolicy.Open;
    private BlockedTermMatcher _blockedTerms = new([]);
    private IGrainTimer? _ticker;
    private long _lastSequence;
    private int _chatSinceTick;
    private double _chatSentimentSinceTick;
    private bool _viewersChanged;
    private bool _viewersChangedForViewers;
    private DateTimeOffset _viewersLastToldAt;
    private bool _totalsChanged;
    private DateTimeOffset _totalsStoredAt;

    private StreamOptions Options => options.Value;

    private IModerationGrain Moderation => GrainFactory.GetGrain<IModerationGrain>(StreamKey.RallyId(this.GetPrimaryKeyString()));

    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        stream.State.Setup is { } setup ? LoadAsync(setup) : Task.CompletedTask;

    public async ValueTask Open(StreamSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        if (StreamKey.For(setup.RallyId, setup.StreamId) != this.GetPrimaryKeyString())
        {
            throw new RallyException(RallyErrorCode.InvalidRequest, $"The setup of stream {setup.RallyId}/{setup.StreamId} is not this stream's.");
        }

        var opening = stream.State.Setup is null;
        stream.State.Setup = setup;
        await stream.WriteStateAsync();
        if (opening)
        {
            await LoadAsync(setup);
        }
    }

    /// <summary>Rebuilds what the stream keeps in memory: its counters, the chat rules and the latest messages.</summary>
    private async Task LoadAsync(StreamSetup setup)
    {
        _reactions = new ReactionCounter([.. setup.Palette.Select(k => k.Name)]);
        _reactions.Restore(stream.State.ReactionTotals);
        await ApplyChatPolicy(await Moderation.GetPolicy());
        foreach (var (_, message) in await chat.ReadLastAsync(Options.RecentChatCount))
        {
            _recent.AddLast(message);
            _lastSequence = message.Sequence;
        }
    }

    public ValueTask<JoinReceipt> Join(JoinRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var setup = RequireOpen();
        var viewerId = RequireNotBanned(Ids.RequireViewer(request.ViewerId));

        var name = TextLimits.Require(request.DisplayName, Options.MaxDisplayNameLength, "display name");
        var viewer = Arrive(viewerId, name, request.Provisional);
        if (request.Node is { } node && !request.Provisional)
        {
            HoldOf(node).Viewers.Add(viewerId);
        }

        return ValueTask.FromResult(new JoinReceipt(setup.StreamId, viewer.DisplayName, _viewers.Count, setup));
    }

    /// <summary>
    /// Makes the viewer present (as they were, when they left lately). A connection's join holds the viewer for as long
    /// as it lasts; a provisional one for the join lease, which another provisional join renews.
    /// </summary>
    private Viewer Arrive(string viewerId, string name, bool provisional)
    {
        if (!_viewers.TryGetValue(viewerId, out var viewer))
        {
            _viewers[viewerId] = viewer = _departed.Remove(viewerId, out var returning)
                ? new Viewer(name, returning.Viewer.JoinedAt)
                {
                    LastMessageAt = returning.Viewer.LastMessageAt, Chat = returning.Viewer.Chat, ReactionBatches = returning.Viewer.ReactionBatches,
                    Reports = returning.Viewer.Reports,
                }
                : new Viewer(name, time.GetUtcNow());
            viewer.LeaseUntil = provisional ? time.GetUtcNow() + Options.JoinLease : null;
            ViewersChanged();
            EnsureTicking();
        }
        else if (viewer.LeaseUntil is not null)
        {
            viewer.LeaseUntil = provisional ? time.GetUtcNow() + Options.JoinLease : null;
        }

        if (viewer.LeaseUntil is not null)
        {
            _leased.Add(viewerId);
        }
        else
        {
            _leased.Remove(viewerId);
        }

        return viewer;
    }

    public ValueTask Leave(string viewerId, string? node = null)
    {
        RequireSetup();
        if (node is not null && _nodes.TryGetValue(node, out var hold))
        {
            hold.Viewers.Remove(viewerId ?? string.Empty);
        }

        DepartUnlessHeld(viewerId ?? string.Empty);
        return ValueTask.CompletedTask;
    }

    public ValueTask Hold(NodePresence presence)
    {
        ArgumentNullException.ThrowIfNull(presence);
        RequireSetup();
        var node = Ids.RequireActor(presence.Node, "node");
        var hold = HoldOf(node);
        var held = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (viewerId, displayName) in presence.Viewers)
        {
            // A node vouches for connections it let in; a viewer banned since, or a malformed entry, is not held.
            if (!Ids.IsViewer(viewerId) || _policy.BannedViewers.Contains(viewerId) || held.Contains(viewerId))
            {
                continue;
            }

            var name = _viewers.TryGetValue(viewerId, out var present) ? present.DisplayName : TextNormalizer.Clean(displayName ?? string.Empty);
            if (name.Length > 0 && name.Length <= Options.MaxDisplayNameLength)
            {
                held.Add(viewerId);
                Arrive(viewerId, name, provisional: false);
            }
        }

        foreach (var gone in hold.Viewers.Where(viewerId => !held.Contains(viewerId)).ToList())
        {
            hold.Viewers.Remove(gone);
            DepartUnlessHeld(gone);
        }

        hold.Viewers.UnionWith(held);
        if (hold.Viewers.Count == 0)
        {
            _nodes.Remove(node);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The node's hold here, made if it has none, and renewed: a node that calls is alive.</summary>
    private NodeHold HoldOf(string node)
    {
        if (!_nodes.TryGetValue(node, out var hold))
        {
            _nodes[node] = hold = new NodeHold();
        }

        hold.Until = time.GetUtcNow() + Options.NodeLease;
        return hold;
    }

    /// <summary>The viewer leaves the presence unless a node's connection still holds them.</summary>
    private void DepartUnlessHeld(string viewerId)
    {
        foreach (var hold in _nodes.Values)
        {
            if (hold.Viewers.Contains(viewerId))
            {
                return;
            }
        }

        Depart(viewerId);
    }

    /// <summary>The viewer leaves the presence, and is remembered as having left (see <see cref="_departed"/>).</summary>
    private void Depart(string viewerId)
    {
        if (_viewers.Remove(viewerId, out var viewer))
        {
            ViewersChanged();
            _leased.Remove(viewerId);
            Remember(viewerId, viewer);
        }
    }

    /// <summary>
    /// Viewers whose provisional join no connection followed within the lease leave, as if they had left; so do the
    /// viewers of a node that stopped renewing its hold (unless another node holds them).
    /// </summary>
    private void ExpireLeases()
    {
        var now = time.GetUtcNow();
        foreach (var (node, hold) in _nodes.Where(pair => pair.Value.Until <= now).ToList())
        {
            _nodes.Remove(node);
            foreach (var viewerId in hold.Viewers)
            {
                DepartUnlessHeld(viewerId);
            }
        }

        if (_leased.Count == 0)
        {
            return;
        }

        foreach (var viewerId in _leased.ToList())
        {
            if (_viewers.TryGetValue(viewerId, out var viewer) && viewer.LeaseUntil is { } until && until <= now)
            {
                Depart(viewerId);
            }
        }
    }

    /// <summary>Keeps a departed viewer, forgetting those long gone whenever the memory doubles, so it stays bounded under churn.</summary>
    private void Remember(string viewerId, Viewer viewer)
    {
        var now = time.GetUtcNow();
        _departed[viewerId] = (viewer, now);
        if (_departed.Count < _departedSweepAt)
        {
            return;
        }

        foreach (var (id, departed) in _departed)
        {
            if (now - departed.LeftAt > RememberDepartedFor)
            {
                _departed.Remove(id);
            }
        }

        _departedSweepAt = Math.Max(1024, _departed.Count * 2);
    }

    public ValueTask<ReactReceipt> React(ReactRequest request)
    {
        try
        {
            return ValueTask.FromResult(Count(request));
        }
        catch (RallyException refused)
        {
            metrics.ReactionsRefused(refused.Code);
            throw;
        }
    }

    public ValueTask<ImmutableArray<ReactOutcome>> ReactMany(ImmutableArray<ReactRequest> requests)
    {
        if (requests.IsDefaultOrEmpty)
        {
            return ValueTask.FromResult(ImmutableArray<ReactOutcome>.Empty);
        }

        var outcomes = ImmutableArray.CreateBuilder<ReactOutcome>(requests.Length);
        foreach (var request in requests)
        {
            try
            {
                outcomes.Add(new ReactOutcome(Count(request)));
            }
            catch (RallyException refused)
            {
                metrics.ReactionsRefused(refused.Code);
                outcomes.Add(new ReactOutcome(null, refused.Code, refused.Message));
            }
        }

        return ValueTask.FromResult(outcomes.MoveToImmutable());
    }

    /// <summary>Checks a viewer's batch whole, then counts it; a refused batch throws and counts nothing.</summary>
    private ReactReceipt Count(ReactRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireOpen();
        var viewer = RequireJoined(request.ViewerId);

        if (request.Counts is null || request.Counts.IsEmpty)
        {
            throw new RallyException(RallyErrorCode.InvalidReaction, "A reaction batch needs at least one reaction.");
        }

        // Check the whole batch before counting any of it, so a bad batch changes nothing.
        var batch = request.Counts.Select(pair => (Index: ReactionIndex(pair.Key), Count: CheckCount(pair.Key, pair.Value))).ToList();
        (viewer.ReactionBatches ??= new TokenBucket(Options.ReactionBatchesPerViewer, time)).TakeOrRefuse("reaction batches");
        foreach (var (index, count) in batch)
        {
            _reactions.Add(index, count);
        }

        _totalsChanged = true;
        EnsureTicking();
        var counted = batch.Sum(b => b.Count);
        metrics.ReactionsAccepted(counted);
        return new ReactReceipt(counted);
    }

    public async ValueTask<ChatMessage> SendChat(SendChatRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var setup = RequireOpen();
        var viewer = RequireJoined(request.ViewerId);
        var text = TextLimits.Require(request.Text, Options.MaxChatLength, "chat message");
        var now = time.GetUtcNow();
        var (state, reason) = ChatGate.Admit(_policy, request.ViewerId, viewer.JoinedAt, viewer.LastMessageAt, now, _blockedTerms.Find(text));
        (viewer.Chat ??= new TokenBucket(Options.ChatPerViewer, time)).TakeOrRefuse("chat messages");

        // Everything above ran before the first await, so an interleaved message from the same viewer sees this one.
        viewer.LastMessageAt = now;
        var sequence = ++_lastSequence;
        var message = new ChatMessage(MessageId(setup.StreamId, sequence), sequence, setup.StreamId, request.ViewerId, viewer.DisplayName,
            text, now, state, reason, ChatSentimentScorer.Default.Score(text));
        await chat.WriteAsync(RecordKey(sequence), message);
        metrics.ChatStored(state, reason);

        Remember(message);
        _observedSinceTick.Add(new ChatObservation(message.Id, now, setup.StreamId, request.ViewerId, viewer.JoinedAt, text, message.Sentiment));
        EnsureTicking();
        if (state == ChatMessageState.Visible)
        {
            _chatSinceTick++;
            _chatSentimentSinceTick += message.Sentiment;
            EnsureTicking();
        }

        broadcaster.Publish(new ChatPosted(setup.RallyId, message));
        if (state == ChatMessageState.Held)
        {
            await Moderation.Flag(new FlagRequest(setup.StreamId, message.Id, "stream", reason!, message.ViewerId, message.DisplayName));
        }

        return message;
    }

    public async ValueTask Report(ReportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var setup = RequireSetup();
        var viewer = RequireJoined(request.ViewerId);
        var reason = TextLimits.OptionalReason(request.Reason, moderationOptions.Value.MaxReasonLength) ?? "reported";
        var sequence = ParseMessageId(setup.StreamId, request.MessageId);
        (viewer.Reports ??= new TokenBucket(Options.ReportsPerViewer, time)).TakeOrRefuse("reports");
        var message = await FindMessageAsync(sequence);
        if (message is not { State: ChatMessageState.Visible })
        {
            // Viewers see visible messages only: anything else is, for them, no message at all.
            throw new RallyException(RallyErrorCode.MessageNotFound, $"Stream {setup.StreamId} has no message '{request.MessageId}'.");
        }

        if (!await Moderation.Flag(new FlagRequest(setup.StreamId, message.Id, request.ViewerId, reason, message.ViewerId, message.DisplayName)))
        {
            throw new RallyException(RallyErrorCode.AlreadyReported, "You have already reported this message.");
        }
    }

    public async ValueTask<ChatMessage> ActOnMessage(MessageActionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var setup = RequireSetup();
        if (request.StreamId != setup.StreamId)
        {
            throw new RallyException(RallyErrorCode.StreamNotFound, $"This is stream {setup.StreamId}, not '{request.StreamId}'.");
        }

        Ids.RequireActor(request.ModeratorId, "moderator");
        var (state, _) = MessageActions.Effect(request.Action);
        var reason = TextLimits.OptionalReason(request.Reason, moderationOptions.Value.MaxReasonLength);
        var sequence = ParseMessageId(setup.StreamId, request.MessageId);
        var stored = await FindMessageAsync(sequence)
            ?? throw new RallyException(RallyErrorCode.MessageNotFound, $"Stream {setup.StreamId} has no message '{request.MessageId}'.");
        var changed = stored with { State = state, Reason = reason };
        await chat.WriteAsync(RecordKey(sequence), changed);
        var node = _recent.Find(stored);
        if (node is not null)
        {
            node.Value = changed;
        }

        broadcaster.Publish(new ChatChanged(setup.RallyId, changed));
        await Moderation.MessageActedOn(request with { Reason = reason, AuthorId = stored.ViewerId, AuthorName = stored.DisplayName, Text = stored.Text });
        return changed;
    }

    public ValueTask ApplyChatPolicy(ChatPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        RequireSetup();
        if (!policy.BlockedTerms.SequenceEqual(_policy.BlockedTerms))
        {
            _blockedTerms = new BlockedTermMatcher(policy.BlockedTerms);
        }

        _policy = policy;
        return ValueTask.CompletedTask;
    }

    public async ValueTask RallyStatusChanged(RallyStatus status)
    {
        var setup = RequireSetup();
        if (setup.RallyStatus != status)
        {
            stream.State.Setup = setup with { RallyStatus = status };
            await stream.WriteStateAsync();
        }
    }

    public ValueTask<StreamSnapshot> GetSnapshot(bool forModerators)
    {
        var setup = RequireSetup();
        var recent = _recent.Where(m => forModerators || m.State == ChatMessageState.Visible);
        return ValueTask.FromResult(new StreamSnapshot(setup, _viewers.Count, _reactions.Totals(), [.. recent]));
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        await TickOnceAsync();
        metrics.Ticked(time.GetElapsedTime(started));
    }

    private async Task TickOnceAsync()
    {
        var setup = RequireSetup();
        ExpireLeases();
        var now = time.GetUtcNow();
        var activity = _reactions.HasPending || _chatSinceTick > 0;
        var forViewers = activity || (_viewersChangedForViewers && now - _viewersLastToldAt >= Options.ViewerCountInterval);
        if (forViewers || _viewersChanged)
        {
            var frame = new StreamFrame(setup.RallyId, setup.StreamId, now, _reactions.TakePending(),
                _viewers.Count, _chatSinceTick, _chatSentimentSinceTick);
            (_chatSinceTick, _chatSentimentSinceTick, _viewersChanged) = (0, 0, false);
            if (forViewers)
            {
                (_viewersChangedForViewers, _viewersLastToldAt) = (false, now);
            }

            broadcaster.Publish(new StreamFramed(frame, forViewers));
            await GrainFactory.GetGrain<ICrowdSentimentGrain>(setup.RallyId).Record(frame);
        }

        if (_observedSinceTick.Count > 0)
        {
            ImmutableArray<ChatObservation> observed = [.. _observedSinceTick];
            _observedSinceTick.Clear();
            await GrainFactory.GetGrain<ICounterNarrativeGrain>(setup.RallyId).Observe(observed);
        }

        if (_totalsChanged && time.GetUtcNow() - _totalsStoredAt >= TotalsFlushInterval)
        {
            stream.State.ReactionTotals = new Dictionary<string, long>(_reactions.Totals(), StringComparer.Ordinal);
            await stream.WriteStateAsync();
            (_totalsChanged, _totalsStoredAt) = (false, time.GetUtcNow());
        }

        if (_viewers.Count == 0 && !_totalsChanged && _observedSinceTick.Count == 0)
        {
            // Nobody is watching and everything is stored: stop ticking, so the stream can be collected when idle.
            _ticker?.Dispose();
            _ticker = null;
        }
    }

    /// <summary>The viewer count changed: organisers are told on the next tick, viewers within <see cref="StreamOptions.ViewerCountInterval"/>.</summary>
    private void ViewersChanged() => (_viewersChanged, _viewersChangedForViewers) = (true, true);

    private void EnsureTicking() =>
        _ticker ??= this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(Options.TickInterval, Options.TickInterval) { KeepAlive = true });

    private void Remember(ChatMessage message)
    {
        _recent.AddLast(message);
        while (_recent.Count > Options.RecentChatCount)
        {
            _recent.RemoveFirst();
        }
    }

    private async Task<ChatMessage?> FindMessageAsync(long sequence)
    {
        if (_recent.FirstOrDefault(m => m.Sequence == sequence) is { } recent)
        {
            return recent;
        }

        var found = await chat.ReadAsync(afterKey: RecordKey(sequence - 1), limit: 1);
        return found.Count == 1 && found[0].Value.Sequence == sequence ? found[0].Value : null;
    }

    private int ReactionIndex(string kind) =>
        _reactions.TryIndex(kind ?? string.Empty, out var index)
            ? index
            : throw new RallyException(RallyErrorCode.InvalidReaction, $"This rally has no reaction '{kind}'.");

    private int CheckCount(string kind, int count) =>
        count >= 1 && count <= Options.MaxReactionsPerBatch
            ? count
            : throw new RallyException(RallyErrorCode.ReactionCountOutOfRange,
                $"A batch carries 1 to {Options.MaxReactionsPerBatch} '{kind}' reactions, not {count}.");

    public ValueTask<string> GetJoinedViewerName(string viewerId)
    {
        RequireOpen();
        return ValueTask.FromResult(RequireJoined(viewerId).DisplayName);
    }

    private StreamSetup RequireSetup() =>
        stream.State.Setup ?? throw new RallyException(RallyErrorCode.StreamNotFound, $"There is no stream '{this.GetPrimaryKeyString()}'.");

    private StreamSetup RequireOpen()
    {
        var setup = RequireSetup();
        return setup.RallyStatus != RallyStatus.Ended
            ? setup
            : throw new RallyException(RallyErrorCode.RallyEnded, "The rally has ended.");
    }

    /// <summary>A viewer present on the stream and not banned: the one check every viewer's call after joining passes.</summary>
    private Viewer RequireJoined(string viewerId) =>
        _viewers.TryGetValue(RequireNotBanned(viewerId ?? string.Empty), out var viewer)
            ? viewer
            : throw new RallyException(RallyErrorCode.ViewerNotJoined, "Join the stream first.");

    private string RequireNotBanned(string viewerId) =>
        !_policy.BannedViewers.Contains(viewerId)
            ? viewerId
            : throw new RallyException(RallyErrorCode.ViewerBanned, "You are banned from this rally.");

    /// <summary>Fixed width, so that record key order is message order.</summary>
    private static string RecordKey(long sequence) => sequence.ToString("D12", CultureInfo.InvariantCulture);

    private static string MessageId(string streamId, long sequence) => $"{streamId}:{sequence.ToString(CultureInfo.InvariantCulture)}";

    private static long ParseMessageId(string streamId, string? messageId) =>
        messageId is not null && messageId.StartsWith(streamId + ":", StringComparison.Ordinal)
        && long.TryParse(messageId.AsSpan(streamId.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            ? sequence
            : throw new RallyException(RallyErrorCode.MessageNotFound, $"'{messageId}' is not a message of stream {streamId}.");

    /// <summary>The viewers one node's connections hold here, and until when unless the node renews it.</summary>
    private sealed class NodeHold
    {
        public HashSet<string> Viewers { get; } = new(StringComparer.Ordinal);

        public DateTimeOffset Until { get; set; }
    }

    /// <summary>A viewer present on the stream; not stored, rebuilt from the nodes' joins and renewals.</summary>
    private sealed class Viewer(string displayName, DateTimeOffset joinedAt)
    {
        public string DisplayName { get; } = displayName;

        public DateTimeOffset JoinedAt { get; } = joinedAt;

        public DateTimeOffset? LastMessageAt { get; set; }

        /// <summary>When a provisional join lapses; null once a connection holds the viewer.</summary>
        public DateTimeOffset? LeaseUntil { get; set; }

        /// <summary>The viewer's chat allowance, made at their first message.</summary>
        public TokenBucket? Chat { get; set; }

        /// <summary>The viewer's reaction allowance, made at their first batch.</summary>
        public TokenBucket? ReactionBatches { get; set; }

        /// <summary>The viewer's allowance of reports, made at their first report.</summary>
        public TokenBucket? Reports { get; set; }
    }
}
