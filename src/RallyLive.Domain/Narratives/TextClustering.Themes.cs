namespace RallyLive.Domain.Narratives;

/// <summary>The theme half of <see cref="TextClustering"/>: paraphrases found through bursting pairs of content words.</summary>
internal sealed partial class TextClustering
{
    private TextAttribution? TryRaiseTheme(TextMessage message, DateTimeOffset now)
    {
        var words = message.PairKeys.Select(key => _pairs[key]).Where(pair => IsWarm(pair, now))
            .SelectMany(pair => new[] { pair.First, pair.Second })
            .Distinct(StringComparer.Ordinal)
            .ToList();

        // One step out from the message's words: the other wordings of a claim share some of its words, not all
        // ("the mayor handed the rail deal to her brother in law", "ask okafor who owns the company building the rail").
        var themePairs = words
            .SelectMany(word => _pairsByWord.GetValueOrDefault(word) ?? [])
            .Distinct()
            .Where(pair => IsWarm(pair, now) && IsMostlyUnclaimed(pair) && IsCoordinated(pair.Messages))
            .ToList();
        var all = themePairs.SelectMany(pair => pair.Messages).DistinctBy(m => m.Key).ToList();
        var unclaimed = all.Where(m => m.Narrative is null).ToList();
        if (themePairs.Count == 0 || !Qualifies(unclaimed))
        {
            return null;
        }

        var keys = themePairs.Select(pair => pair.Key).ToList();
        var owner = MajorityOwner(all) ?? _narratives.FirstOrDefault(n => keys.Any(n.ThemePairs.Contains));
        var raised = owner is null;
        var narrative = owner ?? NewThemeNarrative(unclaimed);
        if (owner is { Kind: NarrativeKind.NearDuplicate }
            && unclaimed.Count(m => !owner.Exemplars.Any(e => MinHash.EstimateJaccard(m.Signature, e) >= _options.NearDuplicateSimilarity)) * 2 > unclaimed.Count)
        {
            // A slogan's narrative that gathers other wordings of its claim is a talking point.
            owner.Kind = NarrativeKind.Paraphrase;
        }

        foreach (var key in keys.TakeWhile(_ => narrative.ThemePairs.Count < _options.MaximumThemePairs))
        {
            narrative.ThemePairs.Add(key);
        }

        foreach (var group in unclaimed.GroupBy(m => m.Cluster).Where(g => g.Count() >= 2 && g.Key.Narrative is null))
        {
            group.Key.Narrative = narrative;
        }

        return Claim(narrative, raised, unclaimed, now);
    }

    /// <summary>A theme's new narrative: near-duplicate when a single cluster makes up most of its messages.</summary>
    private NarrativeState NewThemeNarrative(List<TextMessage> unclaimed)
    {
        var dominant = unclaimed.GroupBy(m => m.Cluster).MaxBy(g => g.Count())!;
        if (dominant.Count() * 2 < unclaimed.Count)
        {
            return Create(NarrativeKind.Paraphrase);
        }

        var nearDuplicate = Create(NarrativeKind.NearDuplicate);
        dominant.Key.Narrative = nearDuplicate;
        return nearDuplicate;
    }

    /// <summary>A pair most of whose messages no narrative has taken: a pair a narrative holds is its business, not a new theme's.</summary>
    private static bool IsMostlyUnclaimed(ThemePair pair) => pair.Messages.Count(m => m.Narrative is null) * 2 > pair.Messages.Count();

    private bool IsWarm(ThemePair pair, DateTimeOffset now) =>
        pair.DistinctViewers >= _options.ThemePairMinimumViewers
        && pair.DistinctViewers >= _options.ThemeBurstRatio * pair.ExpectedInWindow(now, _options.ClusterWindow, _options.ThemeBaselineTimeConstant);

    /// <summary>The paraphrase narrative sharing the most theme pairs with a message, if any.</summary>
    private NarrativeState? ThemeMatch(List<string> pairKeys) =>
        _narratives
            .Select(n => (Narrative: n, Shared: pairKeys.Count(n.ThemePairs.Contains)))
            .Where(x => x.Shared > 0)
            .OrderByDescending(x => x.Shared)
            .Select(x => x.Narrative)
            .FirstOrDefault();

    /// <summary>
    /// Grows a theme from the messages it just took: their warm, coordinated pairs become its pairs (up to
    /// <see cref="NarrativeDetectionOptions.MaximumThemePairs"/>), so that "paid"+"switch" joins a theme raised on
    /// "switch"+"sides"; the window's unclaimed messages holding a new pair are taken too (one step, no cascade).
    /// </summary>
    private List<TextMessage> Spread(NarrativeState narrative, List<TextMessage> messages, DateTimeOffset now)
    {
        var added = new List<ThemePair>();
        foreach (var key in messages.SelectMany(m => m.PairKeys).Distinct(StringComparer.Ordinal))
        {
            if (narrative.ThemePairs.Count >= _options.MaximumThemePairs)
            {
                break;
            }

            var pair = _pairs[key];
            if (!narrative.ThemePairs.Contains(key) && IsWarm(pair, now) && IsCoordinated(pair.Messages))
            {
                narrative.ThemePairs.Add(key);
                added.Add(pair);
            }
        }

        var taken = added.SelectMany(pair => pair.Messages).Where(m => m.Narrative is null).DistinctBy(m => m.Key).OrderBy(m => m.Key).ToList();
        foreach (var message in taken)
        {
            message.Narrative = narrative;
            _viewers.Claim(message.Observation.ViewerId);
        }

        return taken;
    }
}
