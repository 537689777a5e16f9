using System.Collections.Immutable;
using RallyLive.Simulator.Scenarios;

namespace RallyLive.Simulator.Simulation;

/// <summary>
/// Everything a crowd will do in a scenario, decided up front from the seed: who joins when and on which stream, every
/// tap, chat line and vote, the campaigns and the organiser's actions, as <see cref="Actions"/> sorted by scenario time.
/// The same scenario, crowd size and seed always give the same plan; only the timing of the run varies.
/// </summary>
/// <remarks>
/// The audience is viewers 0 to n-1: a beat with audience share s has the first round(s·n) of them watching, so a crowd
/// grows by newcomers and shrinks by the last to come leaving. Each viewer has a fixed preference drawn once; within a
/// beat, watchers are ranked by it and the streams take them in the beat's exact shares, so a viewer changes stream
/// only when the shares move past them. Audience viewers stay silent for <see cref="CrowdPlanOptions.QuietAfterJoining"/>
/// after joining a stream (an audience pouring in is not a raid); campaign accounts join well before their campaign, and
/// raiders chat as soon as they arrive.
/// </remarks>
public sealed class CrowdPlan
{
    private static readonly string[] FirstNames =
    [
        "Ana", "Bo", "Cai", "Dara", "Eli", "Femi", "Gus", "Hana", "Ivo", "Jun", "Kemi", "Lior", "Mina", "Nico", "Oona",
        "Pax", "Quin", "Rosa", "Sami", "Tove", "Uma", "Vik", "Wren", "Xia", "Yusuf", "Zoe",
    ];

    private readonly List<PlannedAction> _actions = [];
    private readonly List<PlannedViewer> _viewers = [];
    private readonly List<PlannedPoll> _polls = [];
    private readonly List<PlannedQuestion> _questions = [];
    private readonly List<PlannedCampaign> _campaigns = [];
    private readonly List<string> _lines = [];
    private readonly Dictionary<string, int> _lineIndex = new(StringComparer.Ordinal);
    private readonly Random _random;

    private CrowdPlan(Scenario scenario, CrowdPlanOptions options)
    {
        Scenario = scenario;
        _random = new Random(options.Seed);
        Streams = [.. scenario.Rally.Streams.Select(s => s.Id)];
        Reactions = [.. scenario.Beats.SelectMany(b => b.ReactionMix?.Keys ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        Length = scenario.Beats.Length == 0 ? TimeSpan.Zero : scenario.Beats.Max(b => b.At + b.Duration);
    }

    public Scenario Scenario { get; }

    /// <summary>The rally's stream ids, in the scenario's order; <see cref="PlannedAction.Stream"/> indexes them.</summary>
    public ImmutableArray<string> Streams { get; }

    /// <summary>Every reaction kind the crowd taps; <see cref="PlannedActionKind.Tap"/> actions index them.</summary>
    public ImmutableArray<string> Reactions { get; }

    /// <summary>Every chat line said; <see cref="PlannedActionKind.Chat"/> actions index them.</summary>
    public IReadOnlyList<string> Lines => _lines;

    public IReadOnlyList<PlannedViewer> Viewers => _viewers;

    /// <summary>The polls, in the order their beats come; <see cref="PlannedActionKind.Vote"/> actions index them.</summary>
    public IReadOnlyList<PlannedPoll> Polls => _polls;

    /// <summary>The questions, in the order their beats come; the question actions index them.</summary>
    public IReadOnlyList<PlannedQuestion> Questions => _questions;

    /// <summary>The campaigns, in the order their beats come; campaign chat names them by index.</summary>
    public IReadOnlyList<PlannedCampaign> Campaigns => _campaigns;

    /// <summary>Every action, ordered by time (actions at the same time keep the order they were planned in).</summary>
    public IReadOnlyList<PlannedAction> Actions => _actions;

    /// <summary>When the last beat ends.</summary>
    public TimeSpan Length { get; }

    /// <summary>Plans the crowd of <paramref name="scenario"/>.</summary>
    public static CrowdPlan Create(Scenario scenario, CrowdPlanOptions options)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Viewers);
        var plan = new CrowdPlan(scenario, options);
        plan.PlanAudience(options);
        plan.PlanCampaigns(options);
        var ordered = plan._actions.OrderBy(a => a.At).ToList();
        plan._actions.Clear();
        plan._actions.AddRange(ordered);
        return plan;
    }

    /// <summary>
    /// Splits <paramref name="total"/> items by <paramref name="shares"/> exactly (largest remainder: the counts add up to
    /// the total and each is within one of its share).
    /// </summary>
    public static int[] Apportion(int total, IReadOnlyList<double> shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        var sum = shares.Sum();
        var counts = new int[shares.Count];
        if (total <= 0 || sum <= 0)
        {
            return counts;
        }

        var exact = shares.Select(s => s / sum * total).ToArray();
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = (int)Math.Floor(exact[i]);
        }

        foreach (var i in Enumerable.Range(0, counts.Length).OrderByDescending(i => exact[i] - counts[i]).ThenBy(i => i).Take(total - counts.Sum()))
        {
            counts[i]++;
        }

        return counts;
    }

    private void PlanAudience(CrowdPlanOptions options)
    {
        var total = options.Viewers;
        var preference = new double[total];
        for (var i = 0; i < total; i++)
        {
            preference[i] = _random.NextDouble();
            _viewers.Add(new PlannedViewer(i, $"{FirstNames[i % FirstNames.Length]} {(char)('A' + (i / FirstNames.Length % 26))}.", ViewerRole.Audience));
        }

        var beats = Scenario.Beats;
        var present = beats.Select(b => (int)Math.Round(b.AudienceShare * total)).ToArray();
        var streamOf = beats.Select((b, i) => AssignStreams(b, present[i], preference)).ToArray();
        var joinedAt = new TimeSpan[total];
        for (var b = 0; b < beats.Length; b++)
        {
            var beat = beats[b];
            var end = beat.At + beat.Duration;
            if (beat.Action != OrganiserAction.None)
            {
                _actions.Add(new PlannedAction(beat.At, PlannedActionKind.Organiser, Item: b));
            }

            var pollIndex = -1;
            if (beat.Poll is not null)
            {
                pollIndex = _polls.Count;
                _actions.Add(new PlannedAction(beat.At, PlannedActionKind.OpenPoll, Item: pollIndex));
            }

            var before = b == 0 ? 0 : present[b - 1];
            for (var i = 0; i < Math.Max(before, present[b]); i++)
            {
                var wasWatching = i < before;
                if (i >= present[b])
                {
                    _actions.Add(new PlannedAction(Within(beat.At, beat.Duration / 2), PlannedActionKind.Leave, i));
                    continue;
                }

                var from = beat.At;
                if (!wasWatching)
                {
                    from = joinedAt[i] = Within(beat.At, beat.Duration / 2);
                    _actions.Add(new PlannedAction(from, PlannedActionKind.Join, i, streamOf[b][i]));
                }
                else if (streamOf[b][i] != streamOf[b - 1][i])
                {
                    from = joinedAt[i] = Within(beat.At, Min(TimeSpan.FromSeconds(5), beat.Duration / 4));
                    _actions.Add(new PlannedAction(from, PlannedActionKind.SwitchStream, i, streamOf[b][i]));
                }

                PlanTaps(beat, i, from, end);
                PlanChat(beat, i, Max(from, joinedAt[i] + options.QuietAfterJoining), end);
            }

            if (beat.Questions is { } questions)
            {
                PlanQuestions(beat, questions, present[b], joinedAt);
            }

            if (beat.Poll is { } poll)
            {
                PlanVotes(beat, poll, pollIndex, present[b], joinedAt);
                _actions.Add(new PlannedAction(end, PlannedActionKind.ClosePoll, Item: pollIndex));
            }
        }
    }

    /// <summary>The stream of each of the first <paramref name="watching"/> viewers in <paramref name="beat"/>.</summary>
    private int[] AssignStreams(Beat beat, int watching, double[] preference)
    {
        var counts = Apportion(watching, [.. Streams.Select(s => beat.StreamShares.GetValueOrDefault(s))]);
        var streams = new int[watching];
        var stream = 0;
        foreach (var viewer in Enumerable.Range(0, watching).OrderBy(i => preference[i]).ThenBy(i => i))
        {
            while (counts[stream] == 0)
            {
                stream++;
            }

            counts[stream]--;
            streams[viewer] = stream;
        }

        return streams;
    }

    private void PlanTaps(Beat beat, int viewer, TimeSpan from, TimeSpan end)
    {
        if (beat.ReactionsPerViewerPerMinute <= 0 || beat.ReactionMix is not { Count: > 0 } mix || end <= from)
        {
            return;
        }

        var kinds = mix.Keys.Order(StringComparer.Ordinal).ToArray();
        var shares = kinds.Select(k => mix[k]).ToArray();
        var taps = Poisson(beat.ReactionsPerViewerPerMinute * (end - from).TotalMinutes);
        for (var t = 0; t < taps; t++)
        {
            var kind = kinds[Pick(shares)];
            _actions.Add(new PlannedAction(Within(from, end - from), PlannedActionKind.Tap, viewer, Item: Reactions.IndexOf(kind)));
        }
    }

    private void PlanChat(Beat beat, int viewer, TimeSpan from, TimeSpan end)
    {
        if (beat.ChatPerViewerPerMinute <= 0 || beat.ChatLines.IsDefaultOrEmpty || end <= from)
        {
            return;
        }

        var messages = Poisson(beat.ChatPerViewerPerMinute * (end - from).TotalMinutes);
        for (var m = 0; m < messages; m++)
        {
            var wordings = ChatLine.Wordings(beat.ChatLines[_random.Next(beat.ChatLines.Length)]);
            var line = wordings[_random.Next(wordings.Length)];
            _actions.Add(new PlannedAction(Within(from, end - from), PlannedActionKind.Chat, viewer, Item: LineIndex(line)));
        }
    }

    /// <summary>Every watcher votes once: shuffled, then given options in the poll's exact shares, at a time within the beat.</summary>
    private void PlanVotes(Beat beat, PollBeat poll, int pollIndex, int watching, TimeSpan[] joinedAt)
    {
        var planned = Apportion(watching, poll.Answers);
        _polls.Add(new PlannedPoll(beat.Label, poll.Question, poll.Options, planned));
        var voters = Enumerable.Range(0, watching).ToArray();
        _random.Shuffle(voters);
        var opens = beat.At + beat.Duration / 10;
        var closes = beat.At + beat.Duration * 0.8;
        var option = 0;
        var left = planned[0];
        foreach (var voter in voters)
        {
            while (left == 0)
            {
                left = planned[++option];
            }

            left--;
            var from = Max(opens, joinedAt[voter] + TimeSpan.FromSeconds(1));
            _actions.Add(new PlannedAction(from < closes ? Within(from, closes - from) : from, PlannedActionKind.Vote, voter, Item: pollIndex, Option: option));
        }
    }

    /// <summary>
    /// Distinct watchers ask the beat's questions between 10% and 25% of it; the moderator approves each at 30%; a share
    /// of the other watchers upvote between 40% and 80%, question k drawn with weight 1/(k+1); the organiser shows one at 85%.
    /// </summary>
    private void PlanQuestions(Beat beat, QuestionsBeat questions, int watching, TimeSpan[] joinedAt)
    {
        var viewers = Enumerable.Range(0, watching).ToArray();
        _random.Shuffle(viewers);
        var asked = Math.Min(questions.Asked.Length, watching);
        var first = _questions.Count;
        var weights = Enumerable.Range(0, asked).Select(k => 1.0 / (k + 1)).ToArray();
        var upvotes = new int[asked];
        var upvoters = viewers.Skip(asked).Take((int)Math.Round(questions.UpvoteShare * (watching - asked))).ToList();
        var planned = upvoters.Select(voter => (Voter: voter, Question: Pick(weights))).ToList();
        planned.ForEach(p => upvotes[p.Question]++);
        for (var k = 0; k < asked; k++)
        {
            var asker = viewers[k];
            _questions.Add(new PlannedQuestion(beat.Label, questions.Asked[k], asker, upvotes[k]));
            var askAt = Max(Within(beat.At + beat.Duration / 10, beat.Duration * 0.15), joinedAt[asker] + TimeSpan.FromSeconds(2));
            _actions.Add(new PlannedAction(askAt, PlannedActionKind.AskQuestion, asker, Item: first + k));
            _actions.Add(new PlannedAction(Max(beat.At + beat.Duration * 0.3, askAt), PlannedActionKind.ApproveQuestion, Item: first + k));
        }

        foreach (var (voter, question) in planned)
        {
            var from = Max(beat.At + beat.Duration * 0.4, joinedAt[voter] + TimeSpan.FromSeconds(1));
            var until = beat.At + beat.Duration * 0.8;
            _actions.Add(new PlannedAction(from < until ? Within(from, until - from) : from, PlannedActionKind.UpvoteQuestion, voter, Item: first + question));
        }

        if (questions.Show < asked)
        {
            _actions.Add(new PlannedAction(beat.At + beat.Duration * 0.85, PlannedActionKind.ShowQuestion, Item: first + questions.Show));
        }
    }

    private void PlanCampaigns(CrowdPlanOptions options)
    {
        foreach (var beat in Scenario.Beats)
        {
            if (beat.Campaign is not { } campaign)
            {
                continue;
            }

            var campaignIndex = _campaigns.Count;
            var stream = Streams.IndexOf(campaign.Stream);
            var start = beat.At + campaign.After;
            var end = beat.At + beat.Duration;
            var role = campaign.Kind == CampaignKind.Raid ? ViewerRole.Raider : ViewerRole.CampaignAccount;
            for (var a = 0; a < campaign.Accounts; a++)
            {
                var viewer = _viewers.Count;
                _viewers.Add(new PlannedViewer(viewer, $"{FirstNames[(a * 7 + campaignIndex) % FirstNames.Length].ToLowerInvariant()}_{1000 + viewer}", role, campaignIndex));
                var line = LineIndex(campaign.Lines[a % campaign.Lines.Length]);
                TimeSpan joins, posts;
                if (role == ViewerRole.Raider)
                {
                    joins = Within(start, campaign.Within);
                    posts = Min(end, Within(joins + TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)));
                }
                else
                {
                    // Well before the campaign, so that its accounts look like any watcher when they post.
                    var earliest = start - options.QuietAfterJoining - TimeSpan.FromSeconds(10);
                    joins = Within(earliest < TimeSpan.Zero ? TimeSpan.Zero : earliest, TimeSpan.FromSeconds(5));
                    posts = Within(start, campaign.Within);
                }

                _actions.Add(new PlannedAction(joins, PlannedActionKind.Join, viewer, stream));
                _actions.Add(new PlannedAction(posts, PlannedActionKind.Chat, viewer, Item: line, Option: campaignIndex));
            }

            _campaigns.Add(new PlannedCampaign(beat.Label, campaign.Kind, campaign.Stream, campaign.Accounts, campaign.Accounts));
        }
    }

    private int LineIndex(string line)
    {
        if (!_lineIndex.TryGetValue(line, out var index))
        {
            _lineIndex[line] = index = _lines.Count;
            _lines.Add(line);
        }

        return index;
    }

    private TimeSpan Within(TimeSpan from, TimeSpan length) => from + length * _random.NextDouble();

    private int Pick(double[] shares)
    {
        var draw = _random.NextDouble() * shares.Sum();
        for (var i = 0; i < shares.Length; i++)
        {
            draw -= shares[i];
            if (draw < 0)
            {
                return i;
            }
        }

        return shares.Length - 1;
    }

    /// <summary>A Poisson draw: Knuth's method for small means, a rounded normal for large ones.</summary>
    private int Poisson(double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        if (mean > 30)
        {
            var normal = Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
            return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * normal));
        }

        var limit = Math.Exp(-mean);
        var count = 0;
        for (var p = _random.NextDouble(); p > limit; p *= _random.NextDouble())
        {
            count++;
        }

        return count;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

/// <summary>What shapes a <see cref="CrowdPlan"/> besides the scenario.</summary>
/// <param name="Viewers">The audience (campaign accounts come on top).</param>
/// <param name="Seed">The seed of every choice.</param>
/// <param name="QuietAfterJoining">How long an audience viewer stays silent after joining a stream.</param>
public sealed record CrowdPlanOptions(int Viewers, int Seed, TimeSpan QuietAfterJoining);
