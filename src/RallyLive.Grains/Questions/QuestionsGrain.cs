using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Options;
using RallyLive.Abstractions;
using RallyLive.Abstractions.Live;
using RallyLive.Abstractions.Moderation;
using RallyLive.Abstractions.Questions;
using RallyLive.Domain.Moderation;
using RallyLive.Grains.Live;

namespace RallyLive.Grains.Questions;

/// <summary>
/// Each question is its own record (rewritten when its state changes) and each upvote its own record, so that an
/// upvote costs one small durable write and counts are rebuilt exactly from storage on activation. Memory changes only
/// after a write has committed. Calls do not interleave: two upvotes of one question are counted one after the other.
/// Asks read the chat rules from moderation (bans, timeouts, blocked terms), which never calls back; nothing else is called.
/// </summary>
public sealed class QuestionsGrain(
    [PersistentRecords("questions")] IPersistentRecords<Question> questions,
    [PersistentRecords("upvotes")] IPersistentRecords<int> upvotes,
    IRallyBroadcaster broadcaster,
    IOptions<QuestionOptions> options,
    TimeProvider time) : Grain, IQuestionsGrain
{
    private static readonly TimeSpan UpvoteAnnouncementInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Questions by number, in the order they were asked; upvote counts kept up to date.</summary>
    private readonly SortedDictionary<int, Question> _questions = [];
    private readonly HashSet<(int Number, string ViewerId)> _upvotes = [];
    private readonly HashSet<int> _upvotesMoved = [];
    private BlockedTermMatcher _blockedTerms = new([]);
    private ImmutableArray<string> _blockedTermsOf = [];
    private IGrainTimer? _announcer;

    private string RallyId => this.GetPrimaryKeyString();

    private QuestionOptions Limits => options.Value;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var (key, question) in await questions.ReadAsync())
        {
            _questions[int.Parse(key, CultureInfo.InvariantCulture)] = question with { Upvotes = 0 };
        }

        foreach (var (key, _) in await upvotes.ReadAsync())
        {
            var slash = key.IndexOf('/', StringComparison.Ordinal);
            var number = int.Parse(key.AsSpan(0, slash), CultureInfo.InvariantCulture);
            if (_questions.TryGetValue(number, out var question) && _upvotes.Add((number, key[(slash + 1)..])))
            {
                _questions[number] = question with { Upvotes = question.Upvotes + 1 };
            }
        }
    }

    public async ValueTask<Question> Ask(AskQuestionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var viewerId = Ids.RequireViewer(request.ViewerId);
        var streamId = Ids.Require(request.StreamId, "stream");
        var policy = await GrainFactory.GetGrain<IModerationGrain>(RallyId).GetPolicy();
        var now = time.GetUtcNow();
        if (policy.BannedViewers.Contains(viewerId))
        {
            throw new RallyException(RallyErrorCode.ViewerBanned, "You are banned from this rally.");
        }

        if (policy.TimedOutUntil.TryGetValue(viewerId, out var until) && until > now)
        {
            throw new RallyException(RallyErrorCode.ViewerTimedOut, $"You are timed out until {until:u}.");
        }

        var text = TextLimits.Require(request.Text, Limits.MaxTextLength, "question");
        var name = TextLimits.Require(request.DisplayName, Limits.MaxTextLength, "display name");
        if (_questions.Count >= Limits.MaxQuestionsPerRally)
        {
            throw new RallyException(RallyErrorCode.QuestionLimitReached, $"This rally takes at most {Limits.MaxQuestionsPerRally} questions.");
        }

        if (_questions.Values.Count(q => q.IsOpen && q.ViewerId == viewerId) >= Limits.MaxOpenPerViewer)
        {
            throw new RallyException(RallyErrorCode.QuestionLimitReached,
                $"You have {Limits.MaxOpenPerViewer} questions waiting already; ask again once one is answered or turned down.");
        }

        var found = BlockedTerms(policy.BlockedTerms).Find(text);
        var number = _questions.Count == 0 ? 1 : _questions.Keys.Max() + 1;
        var question = new Question(QuestionKeys.QuestionId(number), viewerId, name, text, streamId, now, 0, QuestionState.Pending,
            found.Count > 0 ? "blocked term: " + string.Join(", ", found) : null);
        await questions.WriteAsync(QuestionKeys.RecordKey(number), question);
        _questions[number] = question;
        broadcaster.Publish(new QuestionsChanged(RallyId, [question]));
        return question;
    }

    public async ValueTask<UpvoteReceipt> Upvote(UpvoteQuestionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var viewerId = Ids.RequireViewer(request.ViewerId);
        var (number, question) = Find(request.QuestionId);
        if (!question.IsPublic)
        {
            throw new RallyException(RallyErrorCode.QuestionNotApproved, "Only approved questions can be upvoted.");
        }

        if (question.ViewerId == viewerId)
        {
            throw new RallyException(RallyErrorCode.InvalidRequest, "You cannot upvote your own question.");
        }

        if (_upvotes.Contains((number, viewerId)))
        {
            return new UpvoteReceipt(question.Id, question.Upvotes, Counted: false);
        }

        await upvotes.WriteAsync($"{QuestionKeys.RecordKey(number)}/{viewerId}", 1);
        _upvotes.Add((number, viewerId));
        var counted = _questions[number] with { Upvotes = _questions[number].Upvotes + 1 };
        _questions[number] = counted;
        AnnounceUpvotesSoon(number);
        return new UpvoteReceipt(counted.Id, counted.Upvotes, Counted: true);
    }

    public ValueTask<Question> Approve(QuestionActionRequest request) =>
        Moderate(request, QuestionState.Approved, q => q.State is QuestionState.Pending or QuestionState.Approved);

    public ValueTask<Question> Reject(QuestionActionRequest request) =>
        Moderate(request, QuestionState.Rejected, q => q.State is QuestionState.Pending or QuestionState.Approved or QuestionState.Rejected);

    public async ValueTask<Question> Show(QuestionActionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Ids.RequireActor(request.ActorId, "organiser");
        var (number, question) = Find(request.QuestionId);
        if (question.State == QuestionState.Shown)
        {
            return question;
        }

        if (question.State != QuestionState.Approved)
        {
            throw new RallyException(RallyErrorCode.QuestionNotApproved, $"Question {question.Id} is {question.State.ToString().ToLowerInvariant()}, not approved.");
        }

        // The one on screen is answered first, so that a crash between the two writes leaves none shown, never two.
        var changed = new List<Question>();
        if (ShownNow() is { } shown)
        {
            changed.Add(await SetStateAsync(shown, QuestionState.Answered));
        }

        var nowShown = await SetStateAsync(number, QuestionState.Shown);
        changed.Add(nowShown);
        broadcaster.Publish(new QuestionsChanged(RallyId, [.. changed]));
        return nowShown;
    }

    public async ValueTask<Question?> ClearShown(string organiserId)
    {
        Ids.RequireActor(organiserId, "organiser");
        if (ShownNow() is not { } shown)
        {
            return null;
        }

        var answered = await SetStateAsync(shown, QuestionState.Answered);
        broadcaster.Publish(new QuestionsChanged(RallyId, [answered]));
        return answered;
    }

    public ValueTask<ImmutableArray<Question>> GetQuestions(bool forModerators) =>
        ValueTask.FromResult(QuestionKeys.Ranked(_questions.Values.Where(q => forModerators || q.IsPublic))
            .Select(q => forModerators ? q : q.ForViewers()).ToImmutableArray());

    public ValueTask<QuestionsReport> GetReport()
    {
        var all = _questions.Values.ToList();
        var seen = all.Where(q => q.State is not (QuestionState.Pending or QuestionState.Rejected)).ToList();
        return ValueTask.FromResult(new QuestionsReport(
            all.Count,
            seen.Count,
            all.Count(q => q.State == QuestionState.Rejected),
            all.Count(q => q.State is QuestionState.Shown or QuestionState.Answered),
            [.. QuestionKeys.Ranked(seen).Take(Limits.ReportTopCount)]));
    }

    private async ValueTask<Question> Moderate(QuestionActionRequest request, QuestionState to, Func<Question, bool> allowed)
    {
        ArgumentNullException.ThrowIfNull(request);
        Ids.RequireActor(request.ActorId, "moderator");
        var (number, question) = Find(request.QuestionId);
        if (question.State == to)
        {
            return question;
        }

        if (!allowed(question))
        {
            throw new RallyException(RallyErrorCode.InvalidRequest, $"Question {question.Id} is {question.State.ToString().ToLowerInvariant()} already.");
        }

        var changed = await SetStateAsync(number, to);
        broadcaster.Publish(new QuestionsChanged(RallyId, [changed]));
        await GrainFactory.GetGrain<IModerationGrain>(RallyId).QuestionModerated(
            new QuestionModerated(request.ActorId, changed.Id, to == QuestionState.Approved, changed.ViewerId, changed.DisplayName, changed.Text));
        return changed;
    }

    private async Task<Question> SetStateAsync(int number, QuestionState state)
    {
        var changed = _questions[number] with { State = state };
        await questions.WriteAsync(QuestionKeys.RecordKey(number), changed with { Upvotes = 0 });
        _questions[number] = changed;
        return changed;
    }

    /// <summary>The number of the question on screen, if any.</summary>
    private int? ShownNow() =>
        _questions.Where(p => p.Value.State == QuestionState.Shown).Select(p => (int?)p.Key).FirstOrDefault();

    private (int Number, Question Question) Find(string? questionId)
    {
        var number = QuestionKeys.Number(questionId);
        return _questions.TryGetValue(number, out var question)
            ? (number, question)
            : throw new RallyException(RallyErrorCode.QuestionNotFound, $"This rally has no question '{questionId}'.");
    }

    private BlockedTermMatcher BlockedTerms(ImmutableArray<string> terms)
    {
        if (!terms.SequenceEqual(_blockedTermsOf))
        {
            _blockedTerms = new BlockedTermMatcher(terms);
            _blockedTermsOf = terms;
        }

        return _blockedTerms;
    }

    /// <summary>Upvote counts go out on a timer, a few times a second at most, whatever the number of upvotes.</summary>
    private void AnnounceUpvotesSoon(int number)
    {
        _upvotesMoved.Add(number);
        _announcer ??= this.RegisterGrainTimer(AnnounceUpvotesAsync, UpvoteAnnouncementInterval, UpvoteAnnouncementInterval);
    }

    private Task AnnounceUpvotesAsync(CancellationToken cancellationToken)
    {
        if (_upvotesMoved.Count > 0)
        {
            broadcaster.Publish(new QuestionsChanged(RallyId, [.. _upvotesMoved.Order().Select(n => _questions[n])]));
            _upvotesMoved.Clear();
        }
        else
        {
            _announcer?.Dispose();
            _announcer = null;
        }

        return Task.CompletedTask;
    }
}
