using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using RallyLive.Abstractions;
using RallyLive.Abstractions.Live;
using RallyLive.Abstractions.Polls;
using RallyLive.Grains.Live;

namespace RallyLive.Grains.Polls;

/// <summary>
/// The poll's definition lives in one small state; each viewer's vote is its own record, so a vote costs
/// one small durable write however many viewers have voted. Votes interleave with each other, so that
/// thousands arriving at once share storage commits; a vote changes the in-memory tallies only after its
/// record has committed, in commit order, so the tallies always equal what storage holds. Tallies are
/// rebuilt from the records on activation.
/// </summary>
public sealed class PollGrain(
    [PersistentState("poll")] IPersistentState<PollState> poll,
    [PersistentRecords("votes")] IPersistentRecords<int> votes,
    IRallyBroadcaster broadcaster,
    IOptions<PollOptions> options,
    GrainMetrics metrics,
    TimeProvider time) : Grain, IPollGrain
{
    private static readonly TimeSpan TallyAnnouncementInterval = TimeSpan.FromMilliseconds(500);

    private readonly Dictionary<string, int> _votes = new(StringComparer.Ordinal);

    /// <summary>
    /// Each viewer's latest vote still in flight. A viewer's vote settles only after their previous one, so waiting
    /// for these waits for every vote in flight.
    /// </summary>
    private readonly Dictionary<string, Task> _votesInFlight = new(StringComparer.Ordinal);

    /// <summary>Each voter's allowance (<see cref="PollOptions.VotesPerViewer"/>), kept while the poll is active.</summary>
    private readonly Dictionary<string, TokenBucket> _allowances = new(StringComparer.Ordinal);
    private int[] _tallies = [];
    private IGrainTimer? _announcer;
    private bool _talliesMoved;

    private string RallyId => PollKey.RallyId(this.GetPrimaryKeyString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!poll.RecordExists)
        {
            return;
        }

        _tallies = new int[poll.State.Options.Count];
        foreach (var (viewerId, option) in await votes.ReadAsync())
        {
            _votes[viewerId] = option;
            _tallies[option]++;
        }
    }

    public async ValueTask<PollSnapshot> Create(CreatePollRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (poll.RecordExists)
        {
            throw new RallyException(RallyErrorCode.PollAlreadyExists, $"Poll {this.GetPrimaryKeyString()} already exists.");
        }

        if (!Enum.IsDefined(request.Visibility))
        {
            throw new RallyException(RallyErrorCode.InvalidRequest, $"'{request.Visibility}' is not a results visibility: Live or AtClose.");
        }

        var limits = options.Value;
        var question = TextLimits.Require(request.Question, limits.MaxQuestionLength, "poll question");
        var choices = request.Options.IsDefault ? [] : request.Options;
        if (choices.Length < limits.MinOptions || choices.Length > limits.MaxOptions)
        {
            throw new RallyException(choices.Length < limits.MinOptions ? RallyErrorCode.TooFewOptions : RallyErrorCode.TooManyOptions,
                $"A poll has {limits.MinOptions} to {limits.MaxOptions} options, not {choices.Length}.");
        }

        var texts = choices.Select((choice, i) => TextLimits.Require(choice, limits.MaxOptionLength, $"option {i + 1}")).ToList();
        if (texts.Distinct(StringComparer.OrdinalIgnoreCase).Count() != texts.Count)
        {
            throw new RallyException(RallyErrorCode.DuplicateOption, "Two options of the poll have the same text.");
        }

        poll.State = new PollState { Question = question, Options = texts, Visibility = request.Visibility, Status = PollStatus.Draft };
        await poll.WriteStateAsync();
        _tallies = new int[texts.Count];
        return Snapshot();
    }

    public async ValueTask<PollSnapshot> Open()
    {
        RequireExists();
        if (poll.State.Status == PollStatus.Draft)
        {
            poll.State.Status = PollStatus.Open;
            poll.State.OpenedAt = time.GetUtcNow();
            await poll.WriteStateAsync();
            broadcaster.Publish(new PollChanged(Snapshot()));
        }

        return Snapshot();
    }

    public async ValueTask<PollSnapshot> Close()
    {
        RequireExists();
        if (poll.State.Status != PollStatus.Closed)
        {
            // No vote starts after this line; the ones already accepted finish before the poll is stored as closed.
            poll.State.Status = PollStatus.Closed;
            poll.State.ClosedAt = time.GetUtcNow();
            // A vote whose write failed was refused to its voter and counted nowhere; only waiting matters here.
            await Task.WhenAll(_votesInFlight.Values).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
            await poll.WriteStateAsync();
            broadcaster.Publish(new PollChanged(Snapshot()));
        }

        return Snapshot();
    }

    public async ValueTask<VoteReceipt> Vote(VoteRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireExists();
        if (string.IsNullOrWhiteSpace(request.ViewerId))
        {
            throw new RallyException(RallyErrorCode.InvalidRequest, "A vote needs a viewer id.");
        }

        if (poll.State.Status != PollStatus.Open)
        {
            throw poll.State.Status == PollStatus.Closed
                ? new RallyException(RallyErrorCode.PollClosed, "The poll has closed.")
                : new RallyException(RallyErrorCode.PollNotOpen, "The poll is not open yet.");
        }

        if (request.OptionIndex < 0 || request.OptionIndex >= _tallies.Length)
        {
            throw new RallyException(RallyErrorCode.OptionNotFound, $"The poll has no option {request.OptionIndex}.");
        }

        AllowanceOf(request.ViewerId).TakeOrRefuse("votes");

        var viewerId = request.ViewerId;
        var vote = WriteThenCountAsync(viewerId, request.OptionIndex, _votesInFlight.GetValueOrDefault(viewerId));
        _votesInFlight[viewerId] = vote;
        try
        {
            return await vote;
        }
        finally
        {
            if (_votesInFlight.GetValueOrDefault(viewerId) == vote)
            {
                _votesInFlight.Remove(viewerId);
            }
        }
    }

    /// <summary>
    /// Stores the vote, then counts it. A viewer's vote waits for their previous one still in flight: two writes in
    /// one commit complete in no fixed order, so without this the tallies could count the earlier vote last while
    /// storage keeps the later one.
    /// </summary>
    private async Task<VoteReceipt> WriteThenCountAsync(string viewerId, int option, Task? previousVoteOfTheViewer)
    {
        if (previousVoteOfTheViewer is not null)
        {
            // Its voter hears of its failure; this vote only waits for it to settle.
            await previousVoteOfTheViewer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        }

        await votes.WriteAsync(viewerId, option);
        return Count(viewerId, option);
    }

    /// <summary>
    /// Starts every vote of the batch as <see cref="Vote"/> would before awaiting any, so that they share storage
    /// commits and Close waits for each as for a single vote. A refusal is that vote's outcome; a write that failed
    /// fails the whole call, as it would have failed a single vote, once every other vote of the batch has finished.
    /// </summary>
    public async ValueTask<ImmutableArray<VoteOutcome>> VoteMany(ImmutableArray<VoteRequest> requests)
    {
        if (requests.IsDefaultOrEmpty)
        {
            return [];
        }

        var outcomes = requests.Select(OutcomeOfVote).ToList();
        return [.. await Task.WhenAll(outcomes)];
    }

    private async Task<VoteOutcome> OutcomeOfVote(VoteRequest request)
    {
        try
        {
            return new VoteOutcome(await Vote(request));
        }
        catch (RallyException refused)
        {
            return new VoteOutcome(null, refused.Code, refused.Message);
        }
    }

    private TokenBucket AllowanceOf(string viewerId)
    {
        if (!_allowances.TryGetValue(viewerId, out var allowance))
        {
            _allowances[viewerId] = allowance = new TokenBucket(options.Value.VotesPerViewer, time);
        }

        return allowance;
    }

    /// <summary>Applies a stored vote to the tallies, against whatever the viewer's vote was until now.</summary>
    private VoteReceipt Count(string viewerId, int option)
    {
        var previous = _votes.TryGetValue(viewerId, out var earlier) ? earlier : (int?)null;
        if (previous == option)
        {
            return new VoteReceipt(option, Changed: false);
        }

        _votes[viewerId] = option;
        if (previous is { } old)
        {
            _tallies[old]--;
        }

        _tallies[option]++;
        AnnounceTalliesSoon();
        metrics.VoteCounted(changed: previous is not null);
        return new VoteReceipt(option, Changed: previous is not null);
    }

    /// <summary>Tallies go out on a timer, a few times a second at most, whatever the number of votes.</summary>
    private void AnnounceTalliesSoon()
    {
        _talliesMoved = true;
        _announcer ??= this.RegisterGrainTimer(AnnounceTalliesAsync, TallyAnnouncementInterval, TallyAnnouncementInterval);
    }

    private Task AnnounceTalliesAsync(CancellationToken cancellationToken)
    {
        if (_talliesMoved)
        {
            _talliesMoved = false;
            broadcaster.Publish(new PollChanged(Snapshot(), TalliesOnly: true));
        }
        else
        {
            _announcer?.Dispose();
            _announcer = null;
        }

        return Task.CompletedTask;
    }

    public ValueTask<PollSnapshot> GetSnapshot()
    {
        RequireExists();
        return ValueTask.FromResult(Snapshot());
    }

    public ValueTask<int?> GetVote(string viewerId) =>
        ValueTask.FromResult(_votes.TryGetValue(viewerId, out var option) ? option : (int?)null);

    private void RequireExists()
    {
        if (!poll.RecordExists)
        {
            throw new RallyException(RallyErrorCode.PollNotFound, $"There is no poll {this.GetPrimaryKeyString()}.");
        }
    }

    private PollSnapshot Snapshot() => new(
        PollKey.PollId(this.GetPrimaryKeyString()), RallyId, poll.State.Question, [.. poll.State.Options], poll.State.Visibility,
        poll.State.Status, [.. _tallies], _votes.Count, poll.State.OpenedAt, poll.State.ClosedAt);
}

/// <summary>The poll's definition; votes are kept as records beside it.</summary>
public sealed class PollState
{
    public string Question { get; set; } = string.Empty;

    public List<string> Options { get; set; } = [];

    public ResultsVisibility Visibility { get; set; }

    public PollStatus Status { get; set; }

    public DateTimeOffset? OpenedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }
}

/// <summary>Poll grain keys: <c>{rallyId}/{pollId}</c>.</summary>
public static class PollKey
{
    public static string For(string rallyId, string pollId) => $"{rallyId}/{pollId}";

    public static string RallyId(string key) => key[..key.LastIndexOf('/')];

    public static string PollId(string key) => key[(key.LastIndexOf('/') + 1)..];
}
