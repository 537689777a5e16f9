using RallyLive.Domain.Narratives;

namespace RallyLive.Domain.Tests.Narratives;

/// <summary>A narrative the detector raised during an evaluation run, with the label that holds most of its messages.</summary>
/// <param name="Narrative">Its last snapshot.</param>
/// <param name="RaisedAt">The time of the observation or tick that raised it.</param>
/// <param name="MatchedLabel">The campaign id labelling most of its messages, or <see cref="NarrativeEvaluation.Organic"/>.</param>
/// <param name="MessageIds">Every message attributed to it.</param>
public sealed record RaisedNarrative(Narrative Narrative, DateTimeOffset RaisedAt, string MatchedLabel, IReadOnlySet<string> MessageIds);

/// <summary>Message-level counts for one campaign kind: attributed-and-labelled, attributed-but-not, labelled-but-not.</summary>
public sealed record AttributionCounts(int TruePositives, int FalsePositives, int FalseNegatives)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);

    public static AttributionCounts operator +(AttributionCounts a, AttributionCounts b) =>
        new(a.TruePositives + b.TruePositives, a.FalsePositives + b.FalsePositives, a.FalseNegatives + b.FalseNegatives);
}

/// <summary>
/// One seed's run: the chat and what the detector raised from it. Campaigns are scored on the narratives that carry
/// their messages (near-duplicate, paraphrase, raid); opposing sentiment surges are stream-level, carrying whatever
/// negative messages the stream had at the time, so they are counted apart (<see cref="Surges"/>).
/// </summary>
public sealed record SeedEvaluation(SyntheticChat Chat, IReadOnlyList<RaisedNarrative> Narratives)
{
    /// <summary>The narratives made of messages: every kind but the opposing sentiment surge.</summary>
    public IEnumerable<RaisedNarrative> MessageNarratives => Narratives.Where(n => n.Narrative.Kind != NarrativeKind.OpposingSentimentSurge);

    public IEnumerable<RaisedNarrative> Surges => Narratives.Where(n => n.Narrative.Kind == NarrativeKind.OpposingSentimentSurge);

    /// <summary>From the campaign's first message to the first narrative matched to it; null when none was.</summary>
    public TimeSpan? Latency(GeneratedCampaign campaign) =>
        MessageNarratives.Where(n => n.MatchedLabel == campaign.Plan.Id).Select(n => (DateTimeOffset?)n.RaisedAt).Min() - campaign.FirstMessageAt;

    /// <summary>Narratives of any kind most of whose messages are organic.</summary>
    public int OrganicNarratives => Narratives.Count(n => n.MatchedLabel == NarrativeEvaluation.Organic);

    /// <summary>Narratives of any kind made of organic messages only: false alarms.</summary>
    public int OrganicOnlyNarratives =>
        Narratives.Count(n => n.MessageIds.All(id => Chat.Messages.First(m => m.Observation.MessageId == id).CampaignId is null));

    /// <summary>
    /// Predicted: messages attributed to a narrative matched to a campaign of <paramref name="kind"/>.
    /// Actual: messages labelled with a campaign of that kind.
    /// </summary>
    public AttributionCounts Counts(CampaignKind kind)
    {
        var campaignIds = Chat.Campaigns.Where(c => c.Plan.Kind == kind).Select(c => c.Plan.Id).ToHashSet(StringComparer.Ordinal);
        var predicted = MessageNarratives.Where(n => campaignIds.Contains(n.MatchedLabel)).SelectMany(n => n.MessageIds).ToHashSet(StringComparer.Ordinal);
        var actual = Chat.Messages.Where(m => m.Kind == kind).Select(m => m.Observation.MessageId).ToHashSet(StringComparer.Ordinal);
        var truePositives = predicted.Count(actual.Contains);
        return new AttributionCounts(truePositives, predicted.Count - truePositives, actual.Count - truePositives);
    }
}

/// <summary>Feeds a synthetic chat to a detector the way a grain would (every message, plus a tick every second) and scores it.</summary>
public static class NarrativeEvaluation
{
    public const string Organic = "organic";

    public static SeedEvaluation Run(SyntheticChat chat, NarrativeDetectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(chat);
        var detector = new NarrativeDetector(options);
        var raised = new Dictionary<string, (Narrative Last, DateTimeOffset RaisedAt, HashSet<string> Ids)>(StringComparer.Ordinal);
        void Collect(IReadOnlyList<NarrativeUpdate> updates, DateTimeOffset at)
        {
            foreach (var update in updates)
            {
                var (_, raisedAt, ids) = raised.TryGetValue(update.Narrative.Id, out var known)
                    ? known
                    : (update.Narrative, at, new HashSet<string>(StringComparer.Ordinal));
                ids.UnionWith(update.AttributedMessageIds);
                raised[update.Narrative.Id] = (update.Narrative, raisedAt, ids);
            }
        }

        var nextTick = chat.Messages[0].Observation.At;
        foreach (var message in chat.Messages)
        {
            for (; nextTick <= message.Observation.At; nextTick += TimeSpan.FromSeconds(1))
            {
                Collect(detector.Tick(nextTick), nextTick);
            }

            Collect(detector.Observe(message.Observation), message.Observation.At);
        }

        var labels = chat.Messages.ToDictionary(m => m.Observation.MessageId, m => m.CampaignId ?? Organic, StringComparer.Ordinal);
        var narratives = raised.Values
            .Select(r => new RaisedNarrative(r.Last, r.RaisedAt, MajorityLabel(r.Ids, labels), r.Ids))
            .OrderBy(n => n.RaisedAt)
            .ToList();
        return new SeedEvaluation(chat, narratives);
    }

    private static string MajorityLabel(HashSet<string> ids, Dictionary<string, string> labels) =>
        ids.GroupBy(id => labels[id], StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key)
            .FirstOrDefault() ?? Organic;
}
