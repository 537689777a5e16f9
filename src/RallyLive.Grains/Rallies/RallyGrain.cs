using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Options;
using RallyLive.Abstractions;
using RallyLive.Abstractions.Live;
using RallyLive.Abstractions.Moderation;
using RallyLive.Abstractions.Narratives;
using RallyLive.Abstractions.Polls;
using RallyLive.Abstractions.Questions;
using RallyLive.Abstractions.Rallies;
using RallyLive.Abstractions.Sentiment;
using RallyLive.Abstractions.Speakers;
using RallyLive.Abstractions.Streams;
using RallyLive.Grains.Live;
using RallyLive.Grains.Polls;

namespace RallyLive.Grains.Rallies;

/// <summary>
/// Calls only go down from here: the rally hands its setup to its streams, moderation and crowd sentiment when it is
/// created, and tells them of every change (status, segment, chat rules). None of them calls it back.
/// </summary>
public sealed class RallyGrain(
    [PersistentState("rally")] IPersistentState<RallyState> rally,
    IRallyBroadcaster broadcaster,
    IOptions<RallyOptions> options,
    TimeProvider time) : Grain, IRallyGrain
{
    private string RallyId => this.GetPrimaryKeyString();

    private RallyState State => rally.State;

    private IModerationGrain Moderation => GrainFactory.GetGrain<IModerationGrain>(RallyId);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (rally.RecordExists && !State.SetupHandedDown)
        {
            await HandDownSetupAsync();
        }
    }

    public async ValueTask<RallySnapshot> Create(CreateRallyRequest request, string organiserId)
    {
        Ids.Require(RallyId, "rally");
        Ids.RequireActor(organiserId, "organiser");
        if (rally.RecordExists)
        {
            throw new RallyException(RallyErrorCode.RallyAlreadyExists, $"Rally {RallyId} already exists.");
        }

        rally.State = RallyValidation.NewRally(request, options.Value);
        State.OrganiserId = organiserId;
        await StoreAsync();
        foreach (var speaker in State.Speakers)
        {
            await GrainFactory.GetGrain<ISpeakerGrain>(speaker.Id).Introduce(speaker.Name, speaker.Bio);
        }

        await HandDownSetupAsync();
        return Snapshot();
    }

    /// <summary>Gives moderation its stream ids, crowd sentiment its palette and each stream its setup, then notes that they have them.</summary>
    private async Task HandDownSetupAsync()
    {
        await Moderation.Open([.. State.Streams.Select(s => s.Id)]);
        await GrainFactory.GetGrain<ICrowdSentimentGrain>(RallyId).Open([.. State.Palette]);
        foreach (var stream in State.Streams)
        {
            await Stream(stream.Id).Open(new StreamSetup(RallyId, stream.Id, stream.Name, State.Status, [.. State.Palette]));
        }

        State.SetupHandedDown = true;
        await rally.WriteStateAsync();
    }

    public ValueTask<RallySnapshot> GetSnapshot()
    {
        RequireExists();
        return ValueTask.FromResult(Snapshot());
    }

    public async ValueTask<RallySnapshot> GoLive()
    {
        RequireStatus(RallyStatus.Draft, "go live");
        State.Status = RallyStatus.Live;
        StartSegment(0);
        await StoreAsync();
        await TellStreamsAsync();
        await TellSentimentAsync();
        return Snapshot();
    }

    public async ValueTask<RallySnapshot> NextSegment()
    {
        RequireStatus(RallyStatus.Live, "move to the next segment");
        var next = (State.CurrentSegment ?? -1) + 1;
        if (next >= State.Segments.Count)
        {
            throw new RallyException(RallyErrorCode.NoNextSegment, "The run of show has no further segment.");
        }

        EndCurrentSegment();
        StartSegment(next);
        await StoreAsync();
        await TellSentimentAsync();
        return Snapshot();
    }

    public async ValueTask<RallySnapshot> End()
    {
        RequireNotEnded();
        EndCurrentSegment();
        State.Status = RallyStatus.Ended;
        State.CurrentSegment = null;
        await StoreAsync();
        await TellSentimentAsync();
        foreach (var pollId in State.PollIds)
        {
            await Poll(pollId).Close();
        }

        await TellStreamsAsync();
        return Snapshot();
    }

    public async ValueTask<PinnedItem> Pin(PinRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pin = NewPin(request);
        State.Pinned.Add(pin);
        await StoreAsync();
        return pin;
    }

    public async ValueTask<NarrativeView> AnswerNarrative(string organiserId, string narrativeId, string response)
    {
        // The pin is checked first, so a refused answer leaves the narrative as it was.
        var pin = NewPin(new PinRequest(response, PinKind.Response, narrativeId));
        var answered = await GrainFactory.GetGrain<ICounterNarrativeGrain>(RallyId).Answer(organiserId, narrativeId, pin.Id);
        State.Pinned.Add(pin);
        await StoreAsync();
        return answered;
    }

    public async ValueTask<ChatPolicy> ChangeChatPolicy(ChatPolicyChange change)
    {
        RequireExists();
        var policy = await Moderation.ChangePolicy(change);
        foreach (var stream in State.Streams)
        {
            await Stream(stream.Id).ApplyChatPolicy(policy);
        }

        return policy;
    }

    /// <summary>A pin with the next id, checked against the rally's limits; not yet pinned.</summary>
    private PinnedItem NewPin(PinRequest request)
    {
        RequireNotEnded();
        if (!Enum.IsDefined(request.Kind))
        {
            throw new RallyException(RallyErrorCode.InvalidRequest, $"'{request.Kind}' is not a kind of pin: Announcement or Response.");
        }

        if (request.NarrativeId is not null)
        {
            Ids.Require(request.NarrativeId, "narrative");
        }

        var text = TextLimits.Require(request.Text, options.Value.MaxPinLength, "pinned text");
        if (State.Pinned.Count >= options.Value.MaxPinned)
        {
            throw new RallyException(RallyErrorCode.InvalidRequest, $"At most {options.Value.MaxPinned} items can be pinned at once.");
        }

        return new PinnedItem(NextItemId("pin"), text, request.Kind, request.NarrativeId, time.GetUtcNow());
    }

    public async ValueTask Unpin(string pinId)
    {
        RequireNotEnded();
        if (State.Pinned.RemoveAll(p => p.Id == pinId) == 0)
        {
            throw new RallyException(RallyErrorCode.PinNotFound, $"Nothing pinned has the id '{pinId}'.");
        }

        await StoreAsync();
    }

    public async ValueTask<PollSnapshot> AddPoll(CreatePollRequest request)
    {
        RequireNotEnded();
        var pollId = NextItemId("poll");
        var poll = await Poll(pollId).Create(request);
        State.PollIds.Add(pollId);
        await StoreAsync();
        return poll;
    }

    public async ValueTask<PollSnapshot> OpenPoll(string pollId)
    {
        RequireStatus(RallyStatus.Live, "open a poll");
        return await KnownPoll(pollId).Open();
    }

    public async ValueTask<PollSnapshot> ClosePoll(string pollId)
    {
        RequireNotEnded();
        return await KnownPoll(pollId).Close();
    }

    public async ValueTask AddModerator(string moderatorId, string name)
    {
        RequireExists();
        var entry = new ModeratorEntry(TextLimits.Require(name, options.Value.MaxNameLength, "moderator name"), time.GetUtcNow(), null);
        State.Moderators[Ids.RequireActor(moderatorId, "moderator")] = entry;
        await rally.WriteStateAsync();
        await Moderation.ModeratorNamed(moderatorId, entry.Name);
    }

    public async ValueTask RevokeModerator(string moderatorId)
    {
        RequireExists();
        if (!State.Moderators.TryGetValue(moderatorId ?? string.Empty, out var moderator))
        {
            throw new RallyException(RallyErrorCode.InvalidRequest, $"Rally {RallyId} has no moderator '{moderatorId}'.");
        }

        State.Moderators[moderatorId!] = moderator with { RevokedAt = moderator.RevokedAt ?? time.GetUtcNow() };
        await rally.WriteStateAsync();
    }

    public ValueTask<bool> IsActiveModerator(string moderatorId) =>
        ValueTask.FromResult(rally.RecordExists && State.Moderators.TryGetValue(moderatorId ?? string.Empty, out var moderator) && moderator.RevokedAt is null);

    public async ValueTask ReplaceOrganiser(string organiserId)
    {
        RequireExists();
        State.OrganiserId = Ids.RequireActor(organiserId, "organiser");
        await rally.WriteStateAsync();
    }

    public ValueTask<bool> IsActiveOrganiser(string organiserId) =>
        ValueTask.FromResult(rally.RecordExists && (State.OrganiserId is null || string.Equals(State.OrganiserId, organiserId, StringComparison.Ordinal)));

    public async ValueTask<RallyReport> GetReport()
    {
        RequireExists();
        var sentiment = GrainFactory.GetGrain<ICrowdSentimentGrain>(RallyId);
        var timeline = await sentiment.GetTimeline(null);
        var streams = ImmutableDictionary.CreateBuilder<string, ImmutableArray<SentimentBucket>>();
        foreach (var stream in State.Streams)
        {
            streams[stream.Id] = [.. await sentiment.GetTimeline(stream.Id)];
        }

        var speakers = new List<SpeakerReport>();
        foreach (var speaker in State.Speakers)
        {
            var record = await GrainFactory.GetGrain<ISpeakerGrain>(speaker.Id).GetSnapshot();
            speakers.Add(new SpeakerReport(speaker.Id, speaker.Name, [.. record.Segments.Where(s => s.RallyId == RallyId)]));
        }

        var polls = new List<PollSnapshot>();
        foreach (var pollId in State.PollIds)
        {
            polls.Add(await Poll(pollId).GetSnapshot());
        }

        var narratives = await GrainFactory.GetGrain<ICounterNarrativeGrain>(RallyId).GetNarratives();
        var questions = await GrainFactory.GetGrain<IQuestionsGrain>(RallyId).GetReport();
        var actions = await Moderation.GetAuditLog(afterSequence: 0, limit: int.MaxValue);
        var totals = timeline.SelectMany(b => b.Reactions)
            .GroupBy(r => r.Key, StringComparer.Ordinal)
            .ToImmutableDictionary(g => g.Key, g => g.Sum(r => (long)r.Value), StringComparer.Ordinal);
        return new RallyReport(Snapshot(), time.GetUtcNow(), totals, [.. timeline], streams.ToImmutable(), [.. speakers], [.. polls], [.. narratives], [.. actions], questions);
    }

    /// <summary>Stores the rally and tells connected clients what it looks like now.</summary>
    private async Task StoreAsync()
    {
        await rally.WriteStateAsync();
        broadcaster.Publish(new RallyChanged(Snapshot()));
    }

    private IPollGrain KnownPoll(string pollId) =>
        State.PollIds.Contains(pollId)
            ? Poll(pollId)
            : throw new RallyException(RallyErrorCode.PollNotFound, $"Rally {RallyId} has no poll '{pollId}'.");

    private IPollGrain Poll(string pollId) => GrainFactory.GetGrain<IPollGrain>(PollKey.For(RallyId, pollId));

    private IStreamGrain Stream(string streamId) => GrainFactory.GetGrain<IStreamGrain>(StreamKey.For(RallyId, streamId));

    /// <summary>Streams keep their rally's status with their setup; tell each one it changed.</summary>
    private async Task TellStreamsAsync()
    {
        foreach (var stream in State.Streams)
        {
            await Stream(stream.Id).RallyStatusChanged(State.Status);
        }
    }

    /// <summary>Crowd sentiment attributes each second to the segment on stage.</summary>
    private async Task TellSentimentAsync()
    {
        var segment = State.CurrentSegment is { } index ? State.Segments[index] : null;
        await GrainFactory.GetGrain<ICrowdSentimentGrain>(RallyId).SegmentChanged(
            new SegmentAttribution(segment?.Index, segment?.Title, segment?.SpeakerId, time.GetUtcNow()));
    }

    private void StartSegment(int index)
    {
        if (index < State.Segments.Count)
        {
            State.Segments[index] = State.Segments[index] with { StartedAt = time.GetUtcNow() };
            State.CurrentSegment = index;
        }
    }

    private void EndCurrentSegment()
    {
        if (State.CurrentSegment is { } current)
        {
            State.Segments[current] = State.Segments[current] with { EndedAt = time.GetUtcNow() };
        }
    }

    private string NextItemId(string prefix) =>
        prefix + (++State.LastItemNumber).ToString(CultureInfo.InvariantCulture);

    private void RequireExists()
    {
        if (!rally.RecordExists)
        {
            throw new RallyException(RallyErrorCode.RallyNotFound, $"There is no rally '{RallyId}'.");
        }
    }

    private void RequireNotEnded()
    {
        RequireExists();
        if (State.Status == RallyStatus.Ended)
        {
            throw new RallyException(RallyErrorCode.RallyEnded, $"Rally {RallyId} has ended.");
        }
    }

    private void RequireStatus(RallyStatus status, string action)
    {
        RequireNotEnded();
        if (State.Status != status)
        {
            throw new RallyException(status == RallyStatus.Live ? RallyErrorCode.RallyNotLive : RallyErrorCode.InvalidRequest,
                $"Rally {RallyId} is {State.Status.ToString().ToLowerInvariant()}; it cannot {action}.");
        }
    }

    private RallySnapshot Snapshot() => new(
        RallyId, State.Title, State.Cause, State.Status, [.. State.Speakers], [.. State.Streams], [.. State.Segments],
        State.CurrentSegment, [.. State.Palette], [.. State.PollIds], [.. State.Pinned]);
}
