using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Options;
using RallyLive.Abstractions;
using RallyLive.Abstractions.Live;
using RallyLive.Abstractions.Moderation;
using RallyLive.Abstractions.Streams;
using RallyLive.Domain.Moderation;
using RallyLive.Grains.Live;

namespace RallyLive.Grains.Moderation;

/// <summary>
/// The chat rules live in one small state; streams read them when they activate, and the rally hands every change to
/// its streams. The audit log and the flagged queue are records, so each action or flag is one small write.
/// </summary>
public sealed class ModerationGrain(
    [PersistentState("moderation")] IPersistentState<ModerationState> moderation,
    [PersistentRecords("audit")] IPersistentRecords<AuditEntry> audit,
    [PersistentRecords("flags")] IPersistentRecords<StoredFlag> flags,
    IRallyBroadcaster broadcaster,
    IOptions<ModerationOptions> options,
    TimeProvider time) : Grain, IModerationGrain
{
    /// <summary>How often, at most, moderation changes are announced to the rally's organisers and moderators.</summary>
    private static readonly TimeSpan AnnouncementInterval = TimeSpan.FromMilliseconds(500);

    private readonly Dictionary<string, StoredFlag> _flagged = new(StringComparer.Ordinal);
    private readonly LinkedList<AuditEntry> _recentAudit = new();
    private bool _loaded;
    private IGrainTimer? _announcer;

    // What changed since the last announcement: only this goes out, never the whole queue.
    private bool _policyChanged;
    private readonly HashSet<string> _flagsChanged = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flagsCleared = new(StringComparer.Ordinal);
    private readonly List<AuditEntry> _auditSinceAnnounced = [];

    private string RallyId => this.GetPrimaryKeyString();

    private ModerationState State => moderation.State;

    private ModerationOptions Limits => options.Value;

    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        State.StreamIds.Count > 0 ? LoadAsync() : Task.CompletedTask;

    public async ValueTask Open(ImmutableArray<string> streamIds)
    {
        if (streamIds.IsDefaultOrEmpty)
        {
            throw new RallyException(RallyErrorCode.InvalidRequest, "A rally has at least one stream.");
        }

        if (!State.StreamIds.SequenceEqual(streamIds))
        {
            State.StreamIds = [.. streamIds];
            await moderation.WriteStateAsync();
        }

        if (!_loaded)
        {
            await LoadAsync();
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

    public async ValueTask<ChatPolicy> ChangePolicy(ChatPolicyChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var policy = change switch
        {
            SetChatModes modes => await SetChatModesAsync(modes),
            AddBlockedTerm add => await AddBlockedTermAsync(add),
            RemoveBlockedTerm remove => await ChangePolicyAsync(remove.ModeratorId, AuditAction.RemoveBlockedTerm, remove.Term ?? string.Empty, null,
                state => state.BlockedTerms.RemoveAll(t => SameTerm(t, remove.Term ?? string.Empty))),
            TimeOutViewer timeOut => await TimeOutAsync(timeOut),
            BanViewer ban => await ChangePolicyAsync(ban.ModeratorId, AuditAction.BanViewer, RequireViewer(ban.ViewerId), Reason(ban.Reason),
                state => state.BannedViewers.Add(ban.ViewerId)),
            UnbanViewer unban => await ChangePolicyAsync(unban.ModeratorId, AuditAction.UnbanViewer, RequireViewer(unban.ViewerId), null,
                state => state.BannedViewers.Remove(unban.ViewerId)),
            _ => throw new RallyException(RallyErrorCode.InvalidRequest, $"'{change.GetType().Name}' is not a change to the chat rules."),
        };

        if (change is BanViewer banned)
        {
            broadcaster.Publish(new ViewerBanned(RallyId, banned.ViewerId));
        }

        return policy;
    }

    private ValueTask<ChatPolicy> SetChatModesAsync(SetChatModes request)
    {
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

    private ValueTask<ChatPolicy> AddBlockedTermAsync(AddBlockedTerm request)
    {
        var cleaned = TextLimits.Require(request.Term, Limits.MaxBlockedTermLength, "blocked term");
        if (!BlockedTermMatcher.CanMatch(cleaned))
        {
            throw new RallyException(RallyErrorCode.InvalidRequest, "A blocked term needs at least one letter or digit.");
        }

        return ChangePolicyAsync(request.ModeratorId, AuditAction.AddBlockedTerm, cleaned, null, state =>
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

    private ValueTask<ChatPolicy> TimeOutAsync(TimeOutViewer request)
    {
        if (request.Duration <= TimeSpan.Zero || request.Duration > Limits.MaxTimeout)
        {
            throw new RallyException(RallyErrorCode.InvalidRequest, $"A timeout lasts more than zero and at most {Limits.MaxTimeout}.");
        }

        return ChangePolicyAsync(request.ModeratorId, AuditAction.TimeOutViewer, RequireViewer(request.ViewerId), Reason(request.Reason),
            state => state.TimedOutUntil[request.ViewerId] = time.GetUtcNow() + request.Duration, request.Duration);
    }

    public async ValueTask MessageActedOn(MessageActionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireStream(request.StreamId);
        var moderatorId = RequireModerator(request.ModeratorId);
        var messageId = RequireMessageOf(request.StreamId, request.MessageId);
        var (_, action) = MessageActions.Effect(request.Action);
        RememberViewer(request.AuthorId, request.AuthorName);
        var entry = NextAuditEntry(moderatorId, action, $"{request.StreamId}/{messageId}", Reason(request.Reason)) with
        {
            ViewerId = request.AuthorId is { } author && Ids.IsViewer(author) ? author : null,
            ViewerName = Name(request.AuthorName),
            MessageText = Excerpt(request.Text),
        };
        await Task.WhenAll(moderation.WriteStateAsync(), audit.WriteAsync(AuditKey(entry.Sequence), entry));
        RememberAudit(entry);
        var flagKey = FlagKey(request.StreamId, messageId);
        if (_flagged.Remove(flagKey))
        {
            _flagsChanged.Remove(flagKey);
            _flagsCleared.Add(flagKey);
            await flags.RemoveAsync(flagKey);
        }

        AnnounceSoon();
    }

    public async ValueTask QuestionModerated(QuestionModerated moderated)
    {
        ArgumentNullException.ThrowIfNull(moderated);
        RequireRally();
        var moderatorId = RequireModerator(moderated.ModeratorId);
        RememberViewer(moderated.AskerId, moderated.AskerName);
        var action = moderated.Approved ? AuditAction.ApproveQuestion : AuditAction.RejectQuestion;
        var entry = NextAuditEntry(moderatorId, action, $"questions/{moderated.QuestionId}", null) with
        {
            ViewerId = Ids.IsViewer(moderated.AskerId) ? moderated.AskerId : null,
            ViewerName = Name(moderated.AskerName),
            MessageText = Excerpt(moderated.Text),
        };
        await Task.WhenAll(moderation.WriteStateAsync(), audit.WriteAsync(AuditKey(entry.Sequence), entry));
        RememberAudit(entry);
        AnnounceSoon();
    }

    public async ValueTask<bool> Flag(FlagRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireStream(request.StreamId);
        var messageId = RequireMessageOf(request.StreamId, request.MessageId);
        var reporter = Ids.RequireActor(request.ReportedBy, "reporter");
        RememberViewer(request.AuthorId, request.AuthorName);
        var reason = Reason(request.Reason) ?? "reported";
        var key = FlagKey(request.StreamId, messageId);
        StoredFlag flagged;
        if (_flagged.TryGetValue(key, out var earlier))
        {
            if (earlier.ReportedBy.Contains(reporter))
            {
                return false;
            }

            flagged = earlier with
            {
                Reasons = earlier.Reasons.Contains(reason) ? earlier.Reasons : earlier.Reasons.Add(reason),
                Reports = earlier.Reports + 1,
                ReportedBy = earlier.ReportedBy.Add(reporter),
            };
        }
        else
        {
            flagged = new StoredFlag(request.StreamId, messageId, [reason], 1, time.GetUtcNow(), [reporter]);
        }

        // Counted before the write: reports interleave, and one arriving while this one is being stored must build
        // on it. Writes commit in the order they are queued, so the stored record ends up with every report.
        _flagged[key] = flagged;
        _flagsCleared.Remove(key);
        _flagsChanged.Add(key);
        await flags.WriteAsync(key, flagged);
        AnnounceSoon();
        return true;
    }

    public async ValueTask<IReadOnlyList<AuditEntry>> GetActionsAbout(string viewerId, int scanned, int limit)
    {
        RequireRally();
        var viewer = RequireViewer(viewerId);
        var latest = await audit.ReadLastAsync(Math.Clamp(scanned, 0, Limits.ViewerHistoryScanned));
        return [.. latest.Select(pair => pair.Value).Where(entry => IsAbout(entry, viewer)).OrderByDescending(entry => entry.Sequence).Take(Math.Max(0, limit))];
    }

    /// <summary>
    /// Whether an audit line is about a viewer: they are its viewer, or the target of a timeout, ban or unban (lines
    /// written before the viewer was kept on them).
    /// </summary>
    internal static bool IsAbout(AuditEntry entry, string viewerId) =>
        entry.ViewerId == viewerId
        || (entry.Action is AuditAction.TimeOutViewer or AuditAction.BanViewer or AuditAction.UnbanViewer && entry.Target == viewerId);

    public async ValueTask<IReadOnlyList<AuditEntry>> GetAuditLog(long afterSequence, int limit)
    {
        RequireRally();
        var page = await audit.ReadAsync(AuditKey(Math.Max(0, afterSequence)), Math.Max(0, limit));
        return [.. page.Select(entry => entry.Value)];
    }

    private async Task LoadAsync()
    {
        foreach (var (key, flagged) in await flags.ReadAsync())
        {
            // Flags stored before reporters were kept have none: their reporters may report once more.
            _flagged[key] = flagged.ReportedBy.IsDefault ? flagged with { ReportedBy = [] } : flagged;
        }

        foreach (var (_, entry) in await audit.ReadLastAsync(Limits.RecentAuditCount))
        {
            _recentAudit.AddLast(entry);
        }

        _loaded = true;
    }

    private async ValueTask<ChatPolicy> ChangePolicyAsync(string moderatorId, AuditAction action, string target, string? reason, Action<ModerationState> change,
        TimeSpan? duration = null)
    {
        RequireRally();
        var moderator = RequireModerator(moderatorId);
        change(State);
        State.TimedOutUntil = State.TimedOutUntil.Where(t => t.Value > time.GetUtcNow()).ToDictionary(StringComparer.Ordinal);
        var aboutViewer = action is AuditAction.TimeOutViewer or AuditAction.BanViewer or AuditAction.UnbanViewer;
        var entry = NextAuditEntry(moderator, action, target, reason) with
        {
            ViewerId = aboutViewer ? target : null,
            ViewerName = aboutViewer ? State.ViewerNames.GetValueOrDefault(target) : null,
            Duration = duration,
        };

        // The rule and its audit line are stored together, and both before the moderator hears back.
        await Task.WhenAll(moderation.WriteStateAsync(), audit.WriteAsync(AuditKey(entry.Sequence), entry));
        RememberAudit(entry);
        _policyChanged = true;
        AnnounceSoon();
        return Policy();
    }

    private ModerationSnapshot Snapshot() => new(Policy(), [.. _flagged.Values.OrderBy(f => f.FirstFlaggedAt).Select(f => f.ToFlagged())], [.. _recentAudit]);

    /// <summary>Changes go out on a timer, twice a second at most however busy the moderators or a raid's flags are.</summary>
    private void AnnounceSoon() =>
        _announcer ??= this.RegisterGrainTimer(AnnounceAsync, AnnouncementInterval, AnnouncementInterval);

    private Task AnnounceAsync(CancellationToken cancellationToken)
    {
        if (_policyChanged || _flagsChanged.Count > 0 || _flagsCleared.Count > 0 || _auditSinceAnnounced.Count > 0)
        {
            var changes = new ModerationDelta(
                _policyChanged ? Policy() : null,
                [.. _flagsChanged.Select(key => _flagged[key]).OrderBy(f => f.FirstFlaggedAt).Select(f => f.ToFlagged())],
                [.. _flagsCleared.Select(key => key[(key.IndexOf('/', StringComparison.Ordinal) + 1)..])],
                [.. _auditSinceAnnounced]);
            _policyChanged = false;
            _flagsChanged.Clear();
            _flagsCleared.Clear();
            _auditSinceAnnounced.Clear();
            broadcaster.Publish(new ModerationChanged(RallyId, changes));
        }
        else
        {
            _announcer?.Dispose();
            _announcer = null;
        }

        return Task.CompletedTask;
    }

    public async ValueTask ModeratorNamed(string moderatorId, string name)
    {
        RequireRally();
        var cleaned = Name(name);
        if (cleaned is not null)
        {
            State.ModeratorNames[RequireModerator(moderatorId)] = cleaned;
            await moderation.WriteStateAsync();
        }
    }

    private AuditEntry NextAuditEntry(string moderatorId, AuditAction action, string target, string? reason) =>
        new(++State.LastAuditSequence, time.GetUtcNow(), moderatorId, action, target, reason, State.ModeratorNames.GetValueOrDefault(moderatorId));

    /// <summary>Keeps a viewer's display name for audit lines about them; the oldest go once there are too many.</summary>
    private void RememberViewer(string? viewerId, string? displayName)
    {
        var name = Name(displayName);
        if (viewerId is null || name is null || !Ids.IsViewer(viewerId))
        {
            return;
        }

        State.ViewerNames.Remove(viewerId);
        State.ViewerNames[viewerId] = name;
        while (State.ViewerNames.Count > Limits.ViewerNamesKept)
        {
            State.ViewerNames.Remove(State.ViewerNames.Keys.First());
        }
    }

    /// <summary>A name as audit lines carry it: trimmed, at most 80 characters, or null.</summary>
    internal static string? Name(string? name) =>
        string.IsNullOrWhiteSpace(name) ? null : name.Trim() is { Length: > 80 } trimmed ? trimmed[..80] : name.Trim();

    /// <summary>A message's text as audit lines carry it: at most 140 characters, an ellipsis when cut.</summary>
    internal static string? Excerpt(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Length <= 140 ? text : string.Concat(text.AsSpan(0, 139), "…");

    private void RememberAudit(AuditEntry entry)
    {
        _auditSinceAnnounced.Add(entry);
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
        if (State.StreamIds.Count == 0)
        {
            throw new RallyException(RallyErrorCode.RallyNotFound, $"There is no rally '{RallyId}'.");
        }
    }

    private void RequireStream(string? streamId)
    {
        RequireRally();
        if (streamId is null || !State.StreamIds.Contains(streamId))
        {
            throw new RallyException(RallyErrorCode.StreamNotFound, $"Rally {RallyId} has no stream '{streamId}'.");
        }
    }

    private string? Reason(string? reason) => TextLimits.OptionalReason(reason, Limits.MaxReasonLength);

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

/// <summary>
/// A flag as moderation stores it: the <see cref="FlaggedMessage"/> moderators see, and who reported it, so that each
/// reporter counts once. Stored as the same JSON as a <see cref="FlaggedMessage"/> with one more field, so flags stored
/// before it read unchanged.
/// </summary>
[GenerateSerializer, Immutable, Alias("rallylive.stored-flag")]
public sealed record StoredFlag(
    [property: Id(0)] string StreamId,
    [property: Id(1)] string MessageId,
    [property: Id(2)] ImmutableArray<string> Reasons,
    [property: Id(3)] int Reports,
    [property: Id(4)] DateTimeOffset FirstFlaggedAt,
    [property: Id(5)] ImmutableArray<string> ReportedBy)
{
    public FlaggedMessage ToFlagged() => new(StreamId, MessageId, Reasons, Reports, FirstFlaggedAt);
}
