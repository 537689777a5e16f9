using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Options;
using RallyLive.Abstractions;
using RallyLive.Abstractions.Live;
using RallyLive.Abstractions.Moderation;
using RallyLive.Abstractions.Narratives;
using RallyLive.Domain.Moderation;
using RallyLive.Domain.Narratives;
using RallyLive.Grains.Live;

namespace RallyLive.Grains.Narratives;

/// <summary>
/// Owns one <see cref="NarrativeDetector"/> per activation and keeps every narrative it raises as a record,
/// with the organiser's handling. Detector ids restart with each activation, so stored ids carry the
/// activation's epoch. The detector's windows are minutes long, so starting a fresh one after a restart
/// loses at most one window of context.
/// </summary>
public sealed class CounterNarrativeGrain(
    [PersistentState("narratives")] IPersistentState<CounterNarrativeState> state,
    [PersistentRecords("narratives")] IPersistentRecords<NarrativeView> narratives,
    IRallyBroadcaster broadcaster,
    IOptions<NarrativeDetectionOptions> options,
    GrainMetrics metrics,
    TimeProvider time) : Grain, ICounterNarrativeGrain
{
    private const int MaxMessageIdsKept = 200;
    private const int MaxFlagReasonLength = 200;

    /// <summary>Who flags a campaign's messages on its own: the detector, never a person.</summary>
    internal const string CampaignFlagger = "narratives";
    private static readonly TimeSpan TrendInterval = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, NarrativeView> _views = new(StringComparer.Ordinal);
    private NarrativeDetector _detector = null!;
    private IGrainTimer? _trends;

    private string RallyId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        state.State.Epoch++;
        await state.WriteStateAsync(cancellationToken);
        _detector = new NarrativeDetector(options.Value);
        foreach (var (id, view) in await narratives.ReadAsync())
        {
            _views[id] = view;
        }
    }

    public async ValueTask Observe(ImmutableArray<ChatObservation> messages)
    {
        var updates = new List<NarrativeUpdate>();
        foreach (var message in messages.IsDefault ? [] : messages)
        {
            updates.AddRange(_detector.Observe(message));
        }

        if (!messages.IsDefaultOrEmpty)
        {
            updates.AddRange(_detector.Tick(messages[^1].At));
        }

        await ApplyAsync(updates);
        _trends ??= this.RegisterGrainTimer(TickAsync, TrendInterval, TrendInterval);
    }

    public ValueTask<IReadOnlyList<NarrativeView>> GetNarratives() =>
        ValueTask.FromResult<IReadOnlyList<NarrativeView>>([.. _views.Values.OrderByDescending(v => v.Narrative.FirstSeen)]);

    public ValueTask<NarrativeView> Acknowledge(string organiserId, string narrativeId) =>
        HandleAsync(organiserId, narrativeId, NarrativeStatus.Acknowledged, pinnedResponseId: null);

    public ValueTask<NarrativeView> Answer(string organiserId, string narrativeId, string pinId) =>
        HandleAsync(organiserId, narrativeId, NarrativeStatus.Answered, Ids.Require(pinId, "pin"));

    public async ValueTask<NarrativeView> HandToModerators(string organiserId, string narrativeId)
    {
        var view = Find(narrativeId);
        await FlagAsync(view.MessageIds, organiserId, "counter-narrative: " + view.Narrative.RepresentativeText);
        return await HandleAsync(organiserId, narrativeId, NarrativeStatus.HandedToModerators, pinnedResponseId: null);
    }

    /// <summary>
    /// Puts messages in the moderators' flagged queue with a reason, one flag per message. Flag interleaves, so the
    /// calls go together and share the moderation grain's storage commits.
    /// </summary>
    private Task<bool[]> FlagAsync(IEnumerable<string> messageIds, string flaggedBy, string reason)
    {
        var moderation = GrainFactory.GetGrain<IModerationGrain>(RallyId);
        var cut = reason.Length > MaxFlagReasonLength ? reason[..MaxFlagReasonLength] : reason;
        return Task.WhenAll(messageIds.Select(messageId =>
            moderation.Flag(new FlagRequest(messageId[..messageId.LastIndexOf(':')], messageId, flaggedBy, cut)).AsTask()));
    }

    /// <summary>
    /// A campaign's messages reach the moderators' flagged queue as the detector attributes them, without anyone asking:
    /// coordination (a slogan, a talking point, a raid) is what moderators review. A sentiment surge is many viewers
    /// disagreeing, not coordination, so it stays with the organiser; so does a narrative the organiser dismissed.
    /// Flagging hides nothing: a moderator decides.
    /// </summary>
    internal static bool FlagsForModerators(NarrativeView view) =>
        view.Narrative.Kind is NarrativeKind.NearDuplicate or NarrativeKind.Paraphrase or NarrativeKind.Raid
        && view.Narrative.Status != NarrativeStatus.Dismissed;

    public ValueTask<NarrativeView> Dismiss(string organiserId, string narrativeId) =>
        HandleAsync(organiserId, narrativeId, NarrativeStatus.Dismissed, pinnedResponseId: null);

    private Task TickAsync(CancellationToken cancellationToken) => ApplyAsync(_detector.Tick(time.GetUtcNow()));

    /// <summary>
    /// Stores the detector's news, keeping the organiser's handling and the messages seen so far, and pushes each change
    /// with its delta (see <see cref="Push"/>). A narrative the detector expires (quiet for its idle
    /// expiry) is pushed once more, ended.
    /// </summary>
    private async Task ApplyAsync(IReadOnlyList<NarrativeUpdate> updates)
    {
        foreach (var update in updates)
        {
            var id = StoredId(update.Narrative.Id);
            var earlier = _views.GetValueOrDefault(id);
            if (update.Change == NarrativeChange.Expired && earlier is null)
            {
                continue;
            }

            var messageIds = (earlier?.MessageIds ?? []).AddRange(update.AttributedMessageIds);
            var view = new NarrativeView(
                update.Narrative with { Id = id, Status = earlier?.Narrative.Status ?? NarrativeStatus.Open },
                earlier?.HandledBy, earlier?.HandledAt, earlier?.PinnedResponseId,
                messageIds.Length > MaxMessageIdsKept ? messageIds[^MaxMessageIdsKept..] : messageIds,
                update.Change == NarrativeChange.Expired ? time.GetUtcNow() : null,
                update.AttributedMessageIds);
            await narratives.WriteAsync(id, view);
            _views[id] = view;
            Push(view);
            if (update.AttributedMessageIds.Count > 0 && FlagsForModerators(view))
            {
                await FlagAsync(update.AttributedMessageIds, CampaignFlagger, CampaignReason(view.Narrative));
            }
            if (update.Change == NarrativeChange.Raised)
            {
                metrics.NarrativeRaised(update.Narrative.Kind);
            }
        }
    }

    private async ValueTask<NarrativeView> HandleAsync(string organiserId, string narrativeId, NarrativeStatus status, string? pinnedResponseId)
    {
        Ids.RequireActor(organiserId, "organiser");
        var view = Find(narrativeId);
        var handled = view with
        {
            Narrative = view.Narrative with { Status = status },
            HandledBy = organiserId,
            HandledAt = time.GetUtcNow(),
            PinnedResponseId = pinnedResponseId ?? view.PinnedResponseId,
            NewMessageIds = [],
        };
        await narratives.WriteAsync(narrativeId, handled);
        _views[narrativeId] = handled;
        Push(handled);
        return handled;
    }

    /// <summary>
    /// Pushes a change to the organisers with its delta only (<see cref="NarrativeView.NewMessageIds"/>), not the whole
    /// list of message ids, which answers and catch-up carry: a campaign taking messages every second is pushed every second.
    /// </summary>
    private void Push(NarrativeView view) => broadcaster.Publish(new NarrativeChanged(RallyId, view with { MessageIds = [] }));

    private NarrativeView Find(string narrativeId) =>
        _views.GetValueOrDefault(narrativeId ?? string.Empty)
            ?? throw new RallyException(RallyErrorCode.NarrativeNotFound, $"Rally {RallyId} has no narrative '{narrativeId}'.");

    /// <summary>The reason a campaign's message is flagged with: the kind of coordination and its slogan.</summary>
    internal static string CampaignReason(Narrative narrative) => narrative.Kind switch
    {
        NarrativeKind.Raid => "campaign (raid): " + narrative.RepresentativeText,
        NarrativeKind.Paraphrase => "campaign (talking point): " + narrative.RepresentativeText,
        _ => "campaign: " + narrative.RepresentativeText,
    };

    private string StoredId(string detectorId) => $"e{state.State.Epoch.ToString(CultureInfo.InvariantCulture)}-{detectorId}";
}

/// <summary>Counts activations, so that narrative ids stay unique across them.</summary>
public sealed class CounterNarrativeState
{
    public long Epoch { get; set; }
}
