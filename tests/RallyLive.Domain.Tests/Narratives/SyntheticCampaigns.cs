using static RallyLive.Domain.Tests.Narratives.SyntheticChatGenerator;
using static RallyLive.Domain.Tests.Narratives.SyntheticChatPhrases;

namespace RallyLive.Domain.Tests.Narratives;

/// <summary>
/// The coordinated campaigns of the synthetic chat. Coordinated accounts act on a signal, so each campaign's first
/// messages arrive within about twenty seconds of its start, then a tail of follow-ups over the next minute or so.
/// </summary>
internal static class SyntheticCampaigns
{
    public static void Add(Random random, SyntheticChatOptions options, CampaignPlan plan, List<DraftMessage> drafts)
    {
        for (var account = 0; account < plan.Accounts; account++)
        {
            switch (plan.Kind)
            {
                case CampaignKind.NearIdenticalSlogan:
                    AddInfiltrator(random, options, plan, $"{plan.Id}-account-{account:00}", firstWithin: 20, followUps: [0.5, 0.2], Slogan, drafts);
                    break;
                case CampaignKind.ParaphrasedTalkingPoint:
                    AddInfiltrator(random, options, plan, $"{plan.Id}-account-{account:00}", firstWithin: 20, followUps: [0.4], TalkingPoint, drafts);
                    break;
                default:
                    AddRaider(random, plan, $"{plan.Id}-raider-{account:00}", drafts);
                    break;
            }
        }
    }

    /// <summary>
    /// An account that has been in the audience for a few minutes (so it is no raider) and posts the campaign's line,
    /// mostly on the campaign's stream; each follow-up happens with the given probability, 20 to 90 s later.
    /// </summary>
    private static void AddInfiltrator(
        Random random, SyntheticChatOptions options, CampaignPlan plan, string viewerId, double firstWithin, double[] followUps, Func<Random, Phrase> line, List<DraftMessage> drafts)
    {
        var joined = Math.Max(0, plan.Start.TotalSeconds - 60 - (random.NextDouble() * 240));
        var streamId = random.NextDouble() < 0.75 ? plan.StreamId : PickStream(random, options.Streams);
        var at = plan.Start.TotalSeconds + (random.NextDouble() * firstWithin);
        AddLine(random, plan, viewerId, streamId, joined, at, line, drafts);
        foreach (var chance in followUps)
        {
            if (random.NextDouble() < chance)
            {
                at += 20 + (random.NextDouble() * 70);
                AddLine(random, plan, viewerId, streamId, joined, at, line, drafts);
            }
        }
    }

    /// <summary>A brand-new viewer: joins within four seconds of the raid's start, chats within five seconds of joining, then up to twice more.</summary>
    private static void AddRaider(Random random, CampaignPlan plan, string viewerId, List<DraftMessage> drafts)
    {
        var joined = plan.Start.TotalSeconds + (random.NextDouble() * 4);
        var at = joined + 0.5 + (random.NextDouble() * 4.5);
        AddLine(random, plan, viewerId, plan.StreamId, joined, at, RaidLine, drafts);
        for (var more = random.Next(0, 3); more > 0; more--)
        {
            at += 5 + (random.NextDouble() * 40);
            AddLine(random, plan, viewerId, plan.StreamId, joined, at, RaidLine, drafts);
        }
    }

    private static void AddLine(
        Random random, CampaignPlan plan, string viewerId, string streamId, double joined, double at, Func<Random, Phrase> line, List<DraftMessage> drafts)
    {
        var phrase = line(random);
        drafts.Add(new DraftMessage(TimeSpan.FromSeconds(at), streamId, viewerId, TimeSpan.FromSeconds(joined), phrase.Text, phrase.Sentiment, plan));
    }

    /// <summary>"the mini-lab is unsafe" as each account pastes it: its own spelling of mini-lab, a prefix, a suffix, shouting, a typo.</summary>
    private static Phrase Slogan(Random random)
    {
        var text = SloganCore.Replace("mini-lab", Pick(random, ["mini-lab", "mini-lab", "mini lab", "minilab", "MINI-LAB"]), StringComparison.Ordinal);
        text = random.NextDouble() < 0.15 ? text["the ".Length..] : text;
        var slogan = Join(new Phrase(Pick(random, SloganPrefixes), 0), new Phrase(text, SloganSentiment), Pick(random, SloganSuffixes));
        return Decorate(random, slogan, typoChance: 0.15);
    }

    /// <summary>One wording of "he was paid to switch sides", with Dr. Rivers named as each account prefers.</summary>
    private static Phrase TalkingPoint(Random random)
    {
        var phrase = Pick(random, TalkingPoints);
        var named = phrase with { Text = phrase.Text.Replace("{rivers}", Pick(random, SpeakerNames["rivers"]), StringComparison.Ordinal) };
        return Decorate(random, Join(new Phrase("", 0), named, Pick(random, TalkingPointClosers)), typoChance: 0.1);
    }

    private static Phrase RaidLine(Random random)
    {
        return Decorate(random, Join(new Phrase("", 0), Pick(random, RaidLines), Pick(random, RaidClosers)), typoChance: 0.05);
    }
}
