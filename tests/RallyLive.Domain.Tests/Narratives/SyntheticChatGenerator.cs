using RallyLive.Domain.Narratives;
using static RallyLive.Domain.Tests.Narratives.SyntheticChatPhrases;

namespace RallyLive.Domain.Tests.Narratives;

/// <summary>
/// Generates a labelled chat of the demo's first rally from a seed: organic chatter of several hundred viewers on three
/// streams through the run of show (warm-up, Luna Vega, Kira Jones, Dr. Orion Rivers' mini-lab demo, the installation
/// reveal and closing), with the given campaigns mixed in. Same seed, same chat, on any machine: only
/// <see cref="Random"/> with a seed (whose algorithm .NET keeps stable for seeded instances) is used.
/// </summary>
public static class SyntheticChatGenerator
{
    /// <summary>Run-of-show segments as fractions of the chat, each with the speaker on stage and what the crowd talks about.</summary>
    private static readonly (double Until, string Speaker, double[] Weights)[] Segments =
    [
        // Weights: reaction, chant, speaker, topic, question, dissent, banter.
        (0.10, "luna", [0.25, 0.05, 0.08, 0.15, 0.17, 0.08, 0.22]),
        (0.30, "luna", [0.25, 0.10, 0.22, 0.18, 0.10, 0.08, 0.07]),
        (0.50, "kira", [0.22, 0.07, 0.22, 0.12, 0.08, 0.20, 0.09]),
        (0.80, "rivers", [0.22, 0.07, 0.18, 0.25, 0.12, 0.09, 0.07]),
        (1.00, "ezra", [0.30, 0.12, 0.18, 0.15, 0.08, 0.07, 0.10]),
    ];

    /// <summary>
    /// The demo's three campaigns for a seed: a raid on Kira's stream during her speech, then the slogan and the
    /// talking point against Dr. Rivers during his demo, each start shifted by up to 15 s and each size drawn per seed.
    /// </summary>
    public static IReadOnlyList<CampaignPlan> DemoCampaigns(int seed)
    {
        var random = new Random(unchecked((seed * 7919) + 1));
        TimeSpan Around(double seconds) => TimeSpan.FromSeconds(seconds + random.Next(-15, 16));
        return
        [
            new("raid-1", CampaignKind.Raid, "kira-live", Around(210), 22 + random.Next(0, 15)),
            new("slogan-1", CampaignKind.NearIdenticalSlogan, "main-stage", Around(340), 28 + random.Next(0, 15)),
            new("talking-points-1", CampaignKind.ParaphrasedTalkingPoint, "main-stage", Around(380), 28 + random.Next(0, 15)),
        ];
    }

    /// <summary>Generates the chat described by <paramref name="options"/>.</summary>
    public static SyntheticChat Generate(SyntheticChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var random = new Random(options.Seed);
        var drafts = new List<DraftMessage>();
        for (var viewer = 0; viewer < options.Viewers; viewer++)
        {
            AddOrganicViewer(random, options, $"viewer-{viewer:0000}", drafts);
        }

        foreach (var plan in options.Campaigns)
        {
            SyntheticCampaigns.Add(random, options, plan, drafts);
        }

        var ordered = drafts.Where(d => d.At < options.Duration).OrderBy(d => d.At).ThenBy(d => d.ViewerId, StringComparer.Ordinal).ToList();
        var messages = ordered
            .Select((d, i) => new LabelledChatMessage(
                new ChatObservation($"m-{i:00000}", options.Start + d.At, d.StreamId, d.ViewerId, options.Start + d.JoinedAt, d.Text, d.Sentiment),
                d.Campaign?.Id,
                d.Campaign?.Kind))
            .ToList();
        var campaigns = options.Campaigns
            .Select(plan => messages.Where(m => m.CampaignId == plan.Id).ToList() is { Count: > 0 } posted
                ? new GeneratedCampaign(plan, posted[0].Observation.At, posted.Count)
                : throw new InvalidOperationException($"Campaign {plan.Id} posted nothing within the chat."))
            .ToList();
        return new SyntheticChat(options.Seed, messages, campaigns);
    }

    /// <summary>
    /// One organic viewer: joins a stream (a third during the warm-up, the rest spread over the rally), stays a few
    /// minutes, and chats at a personal rate drawn from a long-tailed distribution (a quarter never chat).
    /// </summary>
    private static void AddOrganicViewer(Random random, SyntheticChatOptions options, string viewerId, List<DraftMessage> drafts)
    {
        var streamId = PickStream(random, options.Streams);
        var duration = options.Duration.TotalSeconds;
        var joined = random.NextDouble() < 0.35 ? random.NextDouble() * 90 : 90 + (random.NextDouble() * (duration - 150));
        var leaves = Math.Min(duration, joined + 60 + Exponential(random, 300));
        if (random.NextDouble() < 0.25)
        {
            return;
        }

        var perMinute = Math.Min(4, Math.Exp(Math.Log(0.6) + (0.8 * Normal(random))));
        var at = joined + (random.NextDouble() < 0.5 ? 2 + (random.NextDouble() * 28) : Exponential(random, 60 / perMinute));
        for (; at < leaves; at += Exponential(random, 60 / perMinute))
        {
            var phrase = Organic(random, at / duration);
            drafts.Add(new DraftMessage(TimeSpan.FromSeconds(at), streamId, viewerId, TimeSpan.FromSeconds(joined), phrase.Text, phrase.Sentiment, null));
        }
    }

    /// <summary>An organic line for a moment of the rally, composed from the phrase bank and decorated like real chat.</summary>
    private static Phrase Organic(Random random, double progress)
    {
        var segment = Segments.First(s => progress < s.Until || s.Until >= 1);
        var speaker = random.NextDouble() < 0.75 ? segment.Speaker : Pick(random, ["luna", "kira", "rivers", "ezra"]);
        var phrase = PickWeighted(random, segment.Weights) switch
        {
            0 => Pick(random, Reactions),
            1 => Pick(random, Chants),
            2 => Prefixed(Pick(random, SpeakerNames[speaker]), Pick(random, SpeakerPraise)),
            3 when segment.Speaker == "rivers" && random.NextDouble() < 0.5 => Pick(random, MiniLabTalk),
            3 => Prefixed(Pick(random, Topics), Pick(random, TopicTakes)),
            4 => Pick(random, Questions),
            5 => Pick(random, Dissent),
            _ => Pick(random, Banter),
        };
        return Decorate(random, Join(Pick(random, Openers), phrase, Pick(random, Closers)), typoChance: 0.1);
    }

    /// <summary>A phrase between an opener and a closer, whose sentiments add up (within [-1, 1]).</summary>
    internal static Phrase Join(Phrase opener, Phrase phrase, Phrase closer) =>
        new(opener.Text + phrase.Text + closer.Text, Math.Clamp(opener.Sentiment + phrase.Sentiment + closer.Sentiment, -1, 1));

    private static Phrase Prefixed(string subject, Phrase take) => take with { Text = $"{subject} {take.Text}" };

    /// <summary>
    /// Chat spelling: mostly lower case, sometimes shouted (which the scorer reads as a little stronger), sometimes a typo
    /// (two letters of a word swapped).
    /// </summary>
    internal static Phrase Decorate(Random random, Phrase phrase, double typoChance)
    {
        var roll = random.NextDouble();
        var shouted = roll < 0.08;
        var decorated = phrase with
        {
            Text = shouted ? phrase.Text.ToUpperInvariant() : roll < 0.55 ? phrase.Text.ToLowerInvariant() : phrase.Text,
            Sentiment = shouted ? Math.Clamp(phrase.Sentiment * 1.2, -1, 1) : phrase.Sentiment,
        };
        return random.NextDouble() < typoChance ? decorated with { Text = Rallies.Disguises.Typo(random, decorated.Text) } : decorated;
    }

    internal static string PickStream(Random random, IReadOnlyList<(string StreamId, double Share)> streams) =>
        streams[PickWeighted(random, streams.Select(s => s.Share).ToArray())].StreamId;

    internal static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    internal static int PickWeighted(Random random, double[] weights)
    {
        var roll = random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            roll -= weights[i];
            if (roll < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    internal static double Exponential(Random random, double mean) => -mean * Math.Log(1 - random.NextDouble());

    /// <summary>A standard normal draw (Box-Muller).</summary>
    internal static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

/// <summary>A message before ids and absolute times are given.</summary>
internal sealed record DraftMessage(TimeSpan At, string StreamId, string ViewerId, TimeSpan JoinedAt, string Text, double Sentiment, CampaignPlan? Campaign, bool Cover = false);
