using RallyLive.Domain.Narratives;
using RallyLive.Domain.Sentiment;
using static RallyLive.Domain.Tests.Narratives.SyntheticChatGenerator;

namespace RallyLive.Domain.Tests.Narratives.Rallies;

/// <summary>Parameters of one generated rally chat.</summary>
public sealed record RallyChatOptions
{
    public required RallyTopic Topic { get; init; }

    public required int Seed { get; init; }

    /// <summary>Organic viewers over the whole chat (about a third only watch).</summary>
    public int Viewers { get; init; } = 675;

    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(10);

    public DateTimeOffset Start { get; init; } = new(2150, 6, 1, 18, 0, 0, TimeSpan.Zero);

    /// <summary>Share of the audience each of the topic's three streams draws.</summary>
    public IReadOnlyList<double> StreamShares { get; init; } = [0.5, 0.3, 0.2];

    /// <summary>Whether the opponent's three campaigns (raid, copypasta, talking point) run during the rally.</summary>
    public bool WithCampaigns { get; init; } = true;
}

/// <summary>
/// Generates the labelled chat of a rally on a <see cref="RallyTopic"/> from a seed: hundreds of viewers on three streams
/// chatting at their own rates (cheers, the rally's chants, speakers, the issue, questions, honest dissent, banter, other
/// scripts, emoji), the moments when a crowd writes the same thing at once (applause lines, a speaker reaching the cost,
/// a stream losing its sound), and an opponent's campaigns:
/// <list type="bullet">
/// <item>a raid: 130 to 170 brand-new viewers join one stream within about 12 s and chat within seconds;</item>
/// <item>a copypasta: 50 to 70 accounts that joined minutes earlier paste one text within 35 to 45 s on two streams, each
/// with its own edits (<see cref="Disguises"/>), some posting it again later;</item>
/// <item>a talking point: 30 to 40 accounts post one claim in six wordings over 80 to 100 s on all three streams.</item>
/// </list>
/// Some campaign accounts also write an ordinary line (cover), as real ones do. Every message's sentiment is what the
/// rally's scorer gives it (<see cref="ChatSentimentScorer.Default"/>). Same topic and seed, same chat.
/// </summary>
public static class RallyChatGenerator
{
    private enum Persona { Regular, Enthusiast, Sceptic, OtherLanguage }

    private enum Line { Cheer, SpeakerCheer, Chant, SpeakerTake, Subject, Question, Dissent, Cost, Banter, Emoji, OtherScript }

    private static readonly Dictionary<Persona, double[]> LineWeights = new()
    {
        // Cheer, SpeakerCheer, Chant, SpeakerTake, Subject, Question, Dissent, Cost, Banter, Emoji, OtherScript
        [Persona.Regular] = [0.16, 0.07, 0.05, 0.12, 0.18, 0.12, 0.04, 0.01, 0.17, 0.06, 0.02],
        [Persona.Enthusiast] = [0.28, 0.15, 0.14, 0.10, 0.12, 0.04, 0.00, 0.00, 0.10, 0.06, 0.01],
        [Persona.Sceptic] = [0.03, 0.01, 0.00, 0.06, 0.10, 0.18, 0.38, 0.10, 0.12, 0.02, 0.00],
        [Persona.OtherLanguage] = [0.15, 0.05, 0.02, 0.00, 0.00, 0.00, 0.00, 0.00, 0.03, 0.20, 0.55],
    };

    private sealed record Viewer(string Id, string StreamId, double Joined, double Leaves, double PerMinute, Persona Persona);

    /// <summary>The campaigns a seed runs: sizes and starts drawn from the seed, streams from the topic.</summary>
    public static IReadOnlyList<CampaignPlan> Campaigns(RallyChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.WithCampaigns)
        {
            return [];
        }

        var random = new Random(SeedOf(options) ^ 0x5EED);
        var streams = options.Topic.Streams;
        return
        [
            new("raid-1", CampaignKind.Raid, streams[random.Next(0, 3)], TimeSpan.FromSeconds(100 + random.Next(0, 150)), 130 + random.Next(0, 41)),
            new("copypasta-1", CampaignKind.NearIdenticalSlogan, streams[0], TimeSpan.FromSeconds(220 + random.Next(0, 180)), 50 + random.Next(0, 21)),
            new("talking-point-1", CampaignKind.ParaphrasedTalkingPoint, streams[0], TimeSpan.FromSeconds(260 + random.Next(0, 200)), 30 + random.Next(0, 11)),
        ];
    }

    public static SyntheticChat Generate(RallyChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var random = new Random(SeedOf(options));
        var topic = options.Topic;
        var duration = options.Duration.TotalSeconds;
        var viewers = Enumerable.Range(0, options.Viewers).Select(i => NewViewer(random, options, $"viewer-{i:0000}")).ToList();
        var drafts = new List<DraftMessage>();
        foreach (var viewer in viewers.Where(v => v.PerMinute > 0))
        {
            var at = viewer.Joined + (random.NextDouble() < 0.4 ? 2 + (random.NextDouble() * 20) : Exponential(random, 60 / viewer.PerMinute));
            for (; at < viewer.Leaves; at += Exponential(random, 60 / viewer.PerMinute))
            {
                drafts.Add(Organic(random, topic, viewer, at, duration, null));
            }
        }

        AddApplauseLines(random, topic, viewers, duration, drafts);
        AddCostMoment(random, topic, viewers, duration, drafts);
        AddStreamTrouble(random, topic, viewers, duration, drafts);
        var plans = Campaigns(options);
        foreach (var plan in plans)
        {
            switch (plan.Kind)
            {
                case CampaignKind.Raid:
                    AddRaid(random, topic, plan, drafts);
                    break;
                case CampaignKind.NearIdenticalSlogan:
                    AddCopypasta(random, topic, plan, duration, drafts);
                    break;
                default:
                    AddTalkingPoint(random, topic, plan, duration, drafts);
                    break;
            }
        }

        var ordered = drafts.Where(d => d.At.TotalSeconds < duration && d.At >= d.JoinedAt).OrderBy(d => d.At).ThenBy(d => d.ViewerId, StringComparer.Ordinal).ToList();
        var messages = ordered
            .Select((d, i) => new LabelledChatMessage(
                new ChatObservation($"m-{i:00000}", options.Start + d.At, d.StreamId, d.ViewerId, options.Start + d.JoinedAt, d.Text, ChatSentimentScorer.Default.Score(d.Text)),
                d.Campaign?.Id,
                d.Campaign?.Kind,
                d.Cover))
            .ToList();
        var campaigns = plans
            .Select(plan => messages.Where(m => m.CampaignId == plan.Id && !m.Cover).ToList() is { Count: > 0 } posted
                ? new GeneratedCampaign(plan, posted[0].Observation.At, posted.Count)
                : throw new InvalidOperationException($"Campaign {plan.Id} posted nothing within the chat."))
            .ToList();
        return new SyntheticChat(options.Seed, messages, campaigns);
    }

    /// <summary>A stable seed from the topic's name and the seed (string.GetHashCode differs per process).</summary>
    private static int SeedOf(RallyChatOptions options) =>
        options.Topic.Name.Aggregate(options.Seed * 7919, (hash, c) => unchecked((hash * 31) + c));

    private static Viewer NewViewer(Random random, RallyChatOptions options, string id)
    {
        var duration = options.Duration.TotalSeconds;
        var streamId = options.Topic.Streams[PickWeighted(random, [.. options.StreamShares])];
        var joined = random.NextDouble() < 0.4 ? random.NextDouble() * 60 : 60 + (random.NextDouble() * (duration - 90));
        var leaves = Math.Min(duration, joined + 120 + Exponential(random, 420));
        var lurker = random.NextDouble() < 0.3;
        var perMinute = lurker ? 0 : Math.Min(6, Math.Exp(Math.Log(0.8) + (0.9 * Normal(random))));
        var persona = random.NextDouble() switch
        {
            < 0.05 => Persona.OtherLanguage,
            < 0.17 => Persona.Sceptic,
            < 0.45 => Persona.Enthusiast,
            _ => Persona.Regular,
        };
        return new Viewer(id, streamId, joined, leaves, perMinute, persona);
    }

    private static string Speaker(Random random, RallyTopic topic, double at, double duration, bool onStage = true)
    {
        var current = topic.Speakers[Math.Min(topic.Speakers.Length - 1, (int)(at / duration * topic.Speakers.Length))];
        var speaker = onStage && random.NextDouble() < 0.75 ? current : Pick(random, topic.Speakers);
        return Pick(random, speaker.Names);
    }

    private static DraftMessage Organic(Random random, RallyTopic topic, Viewer viewer, double at, double duration, CampaignPlan? campaign) =>
        Draft(viewer, at, LineOf(random, topic, (Line)PickWeighted(random, LineWeights[viewer.Persona]), at, duration), campaign);

    private static string LineOf(Random random, RallyTopic topic, Line line, double at, double duration)
    {
        var text = line switch
        {
            Line.Cheer => Pick(random, CrowdPhrases.Cheers),
            Line.SpeakerCheer => Pick(random, CrowdPhrases.SpeakerCheers).Replace("{name}", Speaker(random, topic, at, duration), StringComparison.Ordinal),
            Line.Chant => Pick(random, topic.Chants),
            Line.SpeakerTake => $"{Speaker(random, topic, at, duration)} {Pick(random, CrowdPhrases.SpeakerTakes)}",
            Line.Subject => $"{Pick(random, topic.Subjects)} {Pick(random, topic.Takes)}",
            Line.Question => Pick(random, topic.Questions),
            Line.Dissent => Pick(random, topic.Dissent),
            Line.Cost => Pick(random, topic.CostObjections),
            Line.Banter => Pick(random, CrowdPhrases.Banter),
            Line.Emoji => Pick(random, CrowdPhrases.EmojiOnly),
            _ => Pick(random, CrowdPhrases.OtherScripts),
        };
        return line is Line.Emoji or Line.OtherScript ? text : Decorate(random, text);
    }

    /// <summary>Chat spelling: an opener and a closer, mostly lower case, sometimes shouted, sometimes a typo.</summary>
    private static string Decorate(Random random, string text)
    {
        text = Pick(random, CrowdPhrases.Openers) + text + Pick(random, CrowdPhrases.Closers);
        var roll = random.NextDouble();
        text = roll < 0.07 ? text.ToUpperInvariant() : roll < 0.55 ? text.ToLowerInvariant() : text;
        return random.NextDouble() < 0.08 ? Disguises.Typo(random, text) : text;
    }

    private static DraftMessage Draft(Viewer viewer, double at, string text, CampaignPlan? campaign) =>
        new(TimeSpan.FromSeconds(at), viewer.StreamId, viewer.Id, TimeSpan.FromSeconds(viewer.Joined), text, 0, campaign);

    private static IEnumerable<Viewer> Chatting(List<Viewer> viewers, double at) =>
        viewers.Where(v => v.PerMinute > 0 && v.Joined <= at && v.Leaves > at);

    /// <summary>
    /// A speaker lands a line every 45 to 100 s: the crowd answers within seconds on every stream, many with the same
    /// one or two cheers (the rally's chant, "LETS GO", the speaker's name), the rest with their own.
    /// </summary>
    private static void AddApplauseLines(Random random, RallyTopic topic, List<Viewer> viewers, double duration, List<DraftMessage> drafts)
    {
        for (var moment = 30 + (random.NextDouble() * 40); moment < duration - 10; moment += 45 + (random.NextDouble() * 55))
        {
            var speaker = Speaker(random, topic, moment, duration);
            string Answer() => random.NextDouble() switch
            {
                < 0.45 => Pick(random, topic.Chants),
                < 0.75 => Pick(random, CrowdPhrases.Cheers),
                _ => Pick(random, CrowdPhrases.SpeakerCheers).Replace("{name}", speaker, StringComparison.Ordinal),
            };
            string[] answers = [Answer(), Answer()];
            foreach (var viewer in Chatting(viewers, moment))
            {
                var chance = viewer.Persona switch { Persona.Enthusiast => 0.35, Persona.Regular => 0.15, Persona.OtherLanguage => 0.1, _ => 0.02 };
                if (random.NextDouble() >= chance)
                {
                    continue;
                }

                var at = moment + Math.Min(25, Exponential(random, 4));
                var text = random.NextDouble() < 0.6 ? Decorate(random, answers[random.Next(0, 2)])
                    : viewer.Persona == Persona.OtherLanguage ? Pick(random, CrowdPhrases.OtherScripts)
                    : random.NextDouble() < 0.3 ? Pick(random, CrowdPhrases.EmojiOnly)
                    : Decorate(random, Pick(random, CrowdPhrases.Cheers));
                drafts.Add(Draft(viewer, at, text, null));
            }
        }
    }

    /// <summary>Once, a speaker reaches the cost: sceptics object within a minute, in their own words.</summary>
    private static void AddCostMoment(Random random, RallyTopic topic, List<Viewer> viewers, double duration, List<DraftMessage> drafts)
    {
        var moment = duration * (0.35 + (random.NextDouble() * 0.35));
        foreach (var viewer in Chatting(viewers, moment))
        {
            var chance = viewer.Persona switch { Persona.Sceptic => 0.6, Persona.Regular => 0.1, _ => 0.01 };
            if (random.NextDouble() < chance)
            {
                drafts.Add(Draft(viewer, moment + Math.Min(60, Exponential(random, 15)), Decorate(random, Pick(random, topic.CostObjections)), null));
            }
        }
    }

    /// <summary>Once or twice, a stream loses its sound or picture: its chat says so, some viewers twice.</summary>
    private static void AddStreamTrouble(Random random, RallyTopic topic, List<Viewer> viewers, double duration, List<DraftMessage> drafts)
    {
        for (var n = random.Next(1, 3); n > 0; n--)
        {
            var moment = 60 + (random.NextDouble() * (duration - 120));
            var streamId = Pick(random, topic.Streams);
            foreach (var viewer in Chatting(viewers, moment).Where(v => v.StreamId == streamId && random.NextDouble() < 0.3))
            {
                var at = moment + Math.Min(40, Exponential(random, 8));
                drafts.Add(Draft(viewer, at, Decorate(random, Pick(random, CrowdPhrases.StreamTrouble)), null));
                if (random.NextDouble() < 0.3)
                {
                    drafts.Add(Draft(viewer, at + 5 + (random.NextDouble() * 20), Decorate(random, Pick(random, CrowdPhrases.StreamTrouble)), null));
                }
            }
        }
    }

    /// <summary>Brand-new viewers pour into one stream within about 12 s and chat within seconds; about half stay and chat again.</summary>
    private static void AddRaid(Random random, RallyTopic topic, CampaignPlan plan, List<DraftMessage> drafts)
    {
        for (var i = 0; i < plan.Accounts; i++)
        {
            var joined = plan.Start.TotalSeconds + (12 * Math.Pow(random.NextDouble(), 1.3));
            var raider = new Viewer($"{plan.Id}-{i:000}", plan.StreamId, joined, joined + 600, 0, Persona.Regular);
            var at = joined + 1 + (random.NextDouble() * 7);
            drafts.Add(Draft(raider, at, RaidLine(random, topic), plan));
            for (var more = random.NextDouble() < 0.5 ? random.Next(1, 4) : 0; more > 0; more--)
            {
                at += 5 + Exponential(random, 30);
                drafts.Add(Draft(raider, at, RaidLine(random, topic), plan));
            }
        }
    }

    private static string RaidLine(Random random, RallyTopic topic) =>
        random.NextDouble() < 0.15 ? Pick(random, CrowdPhrases.EmojiOnly) : Decorate(random, Pick(random, topic.RaidLines));

    /// <summary>
    /// Accounts that joined one to ten minutes before paste the copypasta within the campaign's window (35 to 45 s),
    /// 60 % on the main stream and the rest on a second one; 40 % paste it again later and 30 % also write a cover line.
    /// </summary>
    private static void AddCopypasta(Random random, RallyTopic topic, CampaignPlan plan, double duration, List<DraftMessage> drafts)
    {
        var window = 35 + (random.NextDouble() * 10);
        var second = topic.Streams[random.Next(1, 3)];
        for (var i = 0; i < plan.Accounts; i++)
        {
            var start = plan.Start.TotalSeconds;
            var account = new Viewer(
                $"{plan.Id}-{i:000}", random.NextDouble() < 0.6 ? plan.StreamId : second, Math.Max(0, start - 60 - (random.NextDouble() * 540)), duration, 0.5, Persona.Regular);
            var at = start + (window * Math.Pow(random.NextDouble(), 0.9));
            drafts.Add(Draft(account, at, Disguises.Disguise(random, topic.Copypasta), plan));
            for (var chance = 0.4; random.NextDouble() < chance; chance -= 0.25)
            {
                at += 15 + (random.NextDouble() * 105);
                drafts.Add(Draft(account, at, Disguises.Disguise(random, topic.Copypasta), plan));
            }

            AddCover(random, topic, account, plan, duration, drafts);
        }
    }

    /// <summary>
    /// Accounts post the talking point over 80 to 100 s on the three streams, each in a wording of the brief (lightly
    /// edited); a quarter post a second wording later, 30 % also write a cover line.
    /// </summary>
    private static void AddTalkingPoint(Random random, RallyTopic topic, CampaignPlan plan, double duration, List<DraftMessage> drafts)
    {
        var window = 80 + (random.NextDouble() * 20);
        for (var i = 0; i < plan.Accounts; i++)
        {
            var start = plan.Start.TotalSeconds;
            var streamId = topic.Streams[PickWeighted(random, [0.5, 0.3, 0.2])];
            var account = new Viewer($"{plan.Id}-{i:000}", streamId, Math.Max(0, start - 60 - (random.NextDouble() * 540)), duration, 0.5, Persona.Regular);
            var at = start + (window * random.NextDouble());
            drafts.Add(Draft(account, at, Decorate(random, Pick(random, topic.TalkingPoint)), plan));
            if (random.NextDouble() < 0.25)
            {
                drafts.Add(Draft(account, at + 20 + (random.NextDouble() * 70), Decorate(random, Pick(random, topic.TalkingPoint)), plan));
            }

            AddCover(random, topic, account, plan, duration, drafts);
        }
    }

    /// <summary>An ordinary line from a campaign account, some time between joining and the end of the rally.</summary>
    private static void AddCover(Random random, RallyTopic topic, Viewer account, CampaignPlan plan, double duration, List<DraftMessage> drafts)
    {
        if (random.NextDouble() < 0.3)
        {
            var at = account.Joined + (random.NextDouble() * (duration - account.Joined));
            var line = (Line)PickWeighted(random, LineWeights[Persona.Regular]);
            drafts.Add(Draft(account, at, LineOf(random, topic, line, at, duration), plan) with { Cover = true });
        }
    }
}
