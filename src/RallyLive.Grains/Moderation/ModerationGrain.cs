using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Options;
using RallyLive.Abstractions;
using RallyLive.Abstractions.Moderation;
using RallyLive.Abstractions.Rallies;
using RallyLive.Abstractions.Streams;
using RallyLive.Domain.Moderation;
using RallyLive.Grains.Live;

namespace RallyLive.Grains.Moderation;

/// <summary>
/// The chat rules live in one small state and are pushed to every stream of the rally when they change;
/// streams also read them when they activate. The audit log and the flagged queue are records, so each
/// action or flag is one small write.
/// </summary>
public sealed class ModerationGrain(
    [PersistentState("moderation")] IPersistentState<ModerationState> moderation,
    [PersistentRecords("audit")] IPersistentRecords<AuditEntry> audit,
    [PersistentRecords("flags")] IPersistentRecords<FlaggedMessage> flags,
    IRallyBroadcaster broadcaster,
    IOptions<ModerationOptions> options,
    TimeProvider time) : Grain, IModerationGrain
{
    /// <summary>How often, at most, moderation changes are announced to the rally's organisers and moderators.</summary>
    private static readonly TimeSpan AnnouncementInterval = TimeSpan.FromMilliseconds(500);

    private readonly Dictionary<string, FlaggedMessage> _flagged = new(StringComparer.Ordinal);
    private readonly LinkedList<AuditEntry> _recentAudit = new();
    private ImmutableArray<string>? _streamIds;
    private IGrainTimer? _announcer;
    private bool _changedSinceAnnounced;

    private string RallyId => this.GetPrimaryKeyString();

    private ModerationState State => moderation.State;

    private ModerationOptions Limits => options.Value;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        try
        {
            _streamIds = [.. (await GrainFactory.GetGrain<IRallyGrain>(RallyId).GetSnapshot()).Streams.Select(s => s.Id)];
        }
        catch (RallyException)
        {
            return;
        }

        foreach (var (key, flagged) in await flags.ReadAsync())
        {
            _flagged[key] = flagged;
        }

        foreach (var (_, entry) in await audit.ReadLastAsync(Limits.RecentAuditCount))
        {
            _recentAudit.AddLast(entry);
        }
    }

    public ValueTask<ChatPolicy> GetPolicy()
    {
        RequireRally();
        return ValueTask.FromResult(Policy());
    }

    public ValueTask<ModerationSnapshot> GetSnapshot()
    {
        RequireRally();
        return ValueTask.FromResult(Snapshot());
    }

    public ValueTask<ChatPolicy> SetChatModes(ChatModesRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.SlowModeSeconds < 0 || request.SlowModeSeconds > Limits.MaxSlowModeSeconds)
        {
            throw new RallyException(RallyErrorCode.InvalidRequest, $"Slow mode is 0 (off) to {Limits.MaxSlowModeSeconds} seconds.");
        }

        var modes = $"slow {request.SlowModeSeconds}s, hold {(request.HoldForReview ? "on" : "off")}, shield {(request.ShieldMode ? "on" : "off")}";
        return ChangePolicyAsync(request.ModeratorId, AuditAction.SetChatModes, modes, null, state =>
        {
            state.SlowModeSeconds = request.SlowModeSeconds;
            state.HoldForReview = request.HoldForReview;
            state.ShieldModeSince = request.ShieldMode ? state.ShieldModeSince ?? time.GetUtcNow() : null;
        });
    }

    public ValueTask<ChatPolicy> AddBlockedTerm(string moderatorId, string term)
    {
        var cleaned = TextLimits.Require(TextNormalizer.Clean(term ?? string.Empty), Limits.MaxBlockedTermLength, "blocked term");
        if (!BlockedTermMatcher.CanMatch(cleaned))
        {
            throw new RallyException(RallyErrorCode.InvalidRequest, "A blocked term needs at least one letter or digit.");
        }

        return ChangePolicyAsync(moderatorId, AuditAction.AddBlockedTerm, cleaned, null, state =>
        {
            if (state.BlockedTerms.Any(t => SameTerm(t, cleaned)))
            {
                return;
            }

            if (state.BlockedTerms.Count >= Limits.MaxBlockedTerms)
            {
                throw new RallyException(RallyErrorCode.InvalidRequest, $"A rally has at most {Limits.MaxBlockedTerms} blocked terms.");
            }

            state.BlockedTerms.Add(cleaned);
        });
    }

    public ValueTask<ChatPolicy> RemoveBlockedTerm(string moderatorId, string term) =>
        ChangePolicyAsync(moderatorId, AuditAction.RemoveBlockedTerm, term ?? string.Empty, null,
            state => state.BlockedTerms.RemoveAll(t => SameTerm(t, term ?? string.Empty)));

    public ValueTask<ChatPolicy> TimeOut(string moderatorId, string viewerId, TimeSpan duration, string? reason)
    {
        if (duration <= TimeSpan.Zero || duration > Limits.MaxTimeout)
        {
            throw new RallyException(RallyErrorCode.InvalidRequest, $"A timeout lasts more than zero and at most {Limits.MaxTimeout}.");
        }

        return ChangePolicyAsync(moderatorId, AuditAction.TimeOutViewer, RequireViewer(viewerId), Reason(reason),
            state => state.TimedOutUntil[viewerId] = time.GetUtcNow() + duration);
    }

    public async ValueTask<ChatPolicy> Ban(string moderatorId, string viewerId, string? reason)
    {
        var policy = await ChangePolicyAsync(moderatorId, AuditAction.BanViewer, RequireViewer(viewerId), Reason(reason), state => state.BannedViewers.Add(viewerId));
        broadcaster.ViewerBanned(RallyId, viewerId);
        return policy;
    }

    public ValueTask<ChatPolicy> Unban(string moderatorId, string viewerId) =>
        ChangePolicyAsync(moderatorId, AuditAction.UnbanViewer, RequireViewer(viewerId), null, state => state.BannedViewers.Remove(viewerId));

    public async ValueTask<ChatMessage> ActOnMessage(MessageActionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireStream(request.StreamId);
        var moderatorId = RequireModerator(request.ModeratorId);
        var reason = Reason(request.Reason);
        var (state, action) = MessageActions.Effect(request.Action);
        var message = await GrainFactory.GetGrain<IStreamGrain>(StreamKey.For(RallyId, request.StreamId))
            .SetMessageState(request.MessageId, state, reason);

        await AppendAuditAsync(moderatorId, action, $"{request.StreamId}/{request.MessageId}", reason);
        var flagKey = FlagKey(request.StreamId, request.MessageId);
        if (_flagged.Remove(flagKey))
        {
            await flags.RemoveAsync(flagKey);
        }

        AnnounceSoon();
        return message;
    }

    public async ValueTask Flag(FlagRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireStream(request.StreamId);
        var messageId = RequireMessageOf(request.StreamId, request.MessageId);
        var reason = Reason(request.Reason) ?? "reported";
        var key = FlagKey(request.StreamId, messageId);
        var flagged = _flagged.TryGetValue(key, out var earlier)
            ? earlier with { Reasons = earlier.Reasons.Contains(reason) ? earlier.Reasons : earlier.Reasons.Add(reason), Reports = earlier.Reports + 1 }
            : new FlaggedMessage(request.StreamId, messageId, [reason], 1, time.GetUtcNow());

        // Counted before the write: reports interleave, and one arriving while this one is being stored must build
        // on it. Writes commit in the order they are queued, so the stored record ends up with every report.
        _flagged[key] = flagged;
        await flags.WriteAsync(key, flagged);
        AnnounceSoon();
    }

    public async ValueTask<IReadOnlyList<AuditEntry>> GetAuditLog(long afterSequence, int limit)
    {
        RequireRally();
        var page = await audit.ReadAsync(AuditKey(Math.Max(0, afterSequence)), Math.Max(0, limit));
        return [.. page.Select(entry => entry.Value)];
    }

    private async ValueTask<ChatPolicy> ChangePolicyAsync(string moderatorId, AuditAction action, string target, string? reason, Action<ModerationState> change)
    {
        RequireRally();
        var moderator = RequireModerator(moderatorId);
        change(State);
        State.TimedOutUntil = State.TimedOutUntil.Where(t => t.Value > time.GetUtcNow()).ToDictionary(StringComparer.Ordinal);
        var entry = NextAuditEntry(moderator, action, target, reason);

        // The rule and its audit line are stored together, and both before the moderator hears back.
        await Task.WhenAll(moderation.WriteStateAsync(), audit.WriteAsync(AuditKey(entry.Sequence), entry));
        RememberAudit(entry);
        var policy = Policy();
        foreach (var streamId in _streamIds!.Value)
        {
            await GrainFactory.GetGrain<IStreamGrain>(StreamKey.For(RallyId, streamId)).ApplyChatPolicy(policy);
        }

        AnnounceSoon();
        return policy;
    }

    private ModerationSnapshot Snapshot() => new(Policy(), [.. _flagged.Values.OrderBy(f => f.FirstFlaggedAt)], [.. _recentAudit]);

    /// <summary>Changes go out on a timer, twice a second at most however busy the moderators or a raid's flags are.</summary>
    private void AnnounceSoon()
    {
        _changedSinceAnnounced = true;
        _announcer ??= this.RegisterGrainTimer(AnnounceAsync, AnnouncementInterval, AnnouncementInterval);
    }

    private Task AnnounceAsync(CancellationToken cancellationToken)
    {
        if (_changedSinceAnnounced)
        {
            _changedSinceAnnounced = false;
            broadcaster.ModerationChanged(RallyId, Snapshot());
        }
        else
        {
            _announcer?.Dispose();
            _announcer = null;
        }

        return Task.CompletedTask;
    }

    private async Task AppendAuditAsync(string moderatorId, AuditAction action, string target, string? reason)
    {
        var entry = NextAuditEntry(moderatorId, action, target, reason);
        await Task.WhenAll(moderation.WriteStateAsync(), audit.WriteAsync(AuditKey(entry.Sequence), entry));
        RememberAudit(entry);
    }

    private AuditEntry NextAuditEntry(string moderatorId, AuditAction action, string target, string? reason) =>
        new(++State.LastAuditSequence, time.GetUtcNow(), moderatorId, action, target, reason);

    private void RememberAudit(AuditEntry entry)
    {
        _recentAudit.AddLast(entry);
        while (_recentAudit.Count > Limits.RecentAuditCount)
        {
            _recentAudit.RemoveFirst();
        }
    }

    private ChatPolicy Policy() => new(
        State.SlowModeSeconds > 0 ? TimeSpan.FromSeconds(State.SlowModeSeconds) : null,
        State.HoldForReview,
        State.ShieldModeSince,
        [.. State.BannedViewers],
        State.TimedOutUntil.ToImmutableDictionary(StringComparer.Ordinal),
        [.. State.BlockedTerms]);

    private static bool SameTerm(string a, string b) =>
        string.Equals(TextNormalizer.ForMatching(a), TextNormalizer.ForMatching(b), StringComparison.Ordinal);

    private void RequireRally()
    {
        if (_streamIds is null)
        {
            throw new RallyException(RallyErrorCode.RallyNotFound, $"There is no rally '{RallyId}'.");
        }
    }

    private void RequireStream(string? streamId)
    {
        RequireRally();
        if (streamId is null || !_streamIds!.Value.Contains(streamId))
        {
            throw new RallyException(RallyErrorCode.StreamNotFound, $"Rally {RallyId} has no stream '{streamId}'.");
        }
    }

    private string? Reason(string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? null : TextLimits.Require(TextNormalizer.Clean(reason), Limits.MaxReasonLength, "reason");

    private static string RequireModerator(string? moderatorId) => Ids.RequireActor(moderatorId, "moderator");

    private static string RequireViewer(string? viewerId) => Ids.RequireViewer(viewerId);

    /// <summary>A message id as streams issue them, <c>{streamId}:{number}</c>: a report cannot flag anything else.</summary>
    private static string RequireMessageOf(string streamId, string? messageId) =>
        messageId is not null && messageId.StartsWith(streamId + ":", StringComparison.Ordinal)
        && messageId.Length - streamId.Length - 1 is > 0 and <= 18 && messageId[(streamId.Length + 1)..].All(char.IsAsciiDigit)
            ? messageId
            : throw new RallyException(RallyErrorCode.MessageNotFound, $"'{messageId}' is not a message of stream {streamId}.");

    private static string FlagKey(string streamId, string messageId) => $"{streamId}/{messageId}";

    /// <summary>Fixed width, so that record key order is audit order.</summary>
    private static string AuditKey(long sequence) => sequence.ToString("D12", CultureInfo.InvariantCulture);
}
