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
        var unclaimed = all.Where(m => m.IsFree).ToList();
        if (themePairs.Count == 0)
        {
            return null;
        }

        if (!Qualifies(unclaimed))
        {
            return TryJoinTheme(themePairs, now);
        }

        var keys = themePairs.Select(pair => pair.Key).ToList();
        var owner = MajorityOwner(all) ?? _narratives.FirstOrDefault(n => keys.Any(n.ThemePairs.Contains));
        var raised = owner is null;
        var narrative = owner ?? NewThemeNarrative(unclaimed);
        if (owner is not null)
        {
            GatherWordings(owner, unclaimed);
        }

        foreach (var pair in themePairs.TakeWhile(_ => narrative.ThemePairs.Count < _options.MaximumThemePairs))
        {
            AddThemePair(narrative, pair, now);
        }

        foreach (var group in unclaimed.GroupBy(m => m.Cluster).Where(g => g.Count() >= 2 && g.Key.Narrative is null))
        {
            group.Key.Narrative = narrative;
        }

        return Claim(narrative, raised, unclaimed, now);
    }

    /// <summary>
    /// Another wording of a raised talking point that shares its words but none of its pairs ("the developer bankrolled
    /// this event, follow the money" beside "the wind developer is paying for this rally" and "turbine company money behind
    /// every speaker"), posted by too few accounts to be raised alone: it joins the theme when one of its warm, coordinated
    /// pairs is made of two of the theme's words (those of its pairs and of the messages it holds in the window), taking the
    /// messages no narrative holds that hold such a pair, if their accounts are mostly dedicated. A theme's pairs fill up
    /// with the first wordings' (one wording of six content words holds fifteen pairs), so its words are what the later
    /// wordings can still meet.
    /// </summary>
    private TextAttribution? TryJoinTheme(List<ThemePair> candidates, DateTimeOffset now)
    {
        if (_warmingUp)
        {
            return null;
        }

        foreach (var narrative in _narratives.Where(n => n.ThemePairs.Count > 0))
        {
            var words = narrative.ThemePairs.SelectMany(ThemePair.WordsOf)
                .Concat(_window.Where(m => m.Narrative == narrative).SelectMany(m => m.ContentWords))
                .ToHashSet(StringComparer.Ordinal);
            var unclaimed = candidates
                .Where(pair => words.Contains(pair.First) && words.Contains(pair.Second))
                .SelectMany(pair => pair.Messages)
                .Where(m => m.IsFree)
                .DistinctBy(m => m.Key)
                .ToList();
            if (unclaimed.Count > 0 && IsCoordinated(unclaimed))
            {
                GatherWordings(narrative, unclaimed);
                return Claim(narrative, raised: false, unclaimed, now);
            }
        }

        return null;
    }

    /// <summary>A slogan's narrative that gathers other wordings of its claim (mostly not copies of it) is a talking point.</summary>
    private void GatherWordings(NarrativeState narrative, List<TextMessage> joining)
    {
        if (narrative.Kind == NarrativeKind.NearDuplicate
            && joining.Count(m => !narrative.Exemplars.Any(e => MinHash.EstimateJaccard(m.Signature, e) >= _options.NearDuplicateSimilarity)) * 2 > joining.Count)
        {
            narrative.Kind = NarrativeKind.Paraphrase;
        }
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
    private static bool IsMostlyUnclaimed(ThemePair pair) => pair.Messages.Count(m => m.IsFree) * 2 > pair.Messages.Count();

    private bool IsWarm(ThemePair pair, DateTimeOffset now) =>
        pair.DistinctViewers >= _options.ThemePairMinimumViewers
        && pair.DistinctViewers >= _options.ThemeBurstRatio * pair.ExpectedInWindow(now, _options.ClusterWindow, _options.ThemeBaselineTimeConstant);

    /// <summary>
    /// Adds a pair to a theme; returns whether it takes messages. A crowd pair (see <see cref="ThemePair.IsCrowdPair"/>)
    /// is kept for its words but takes none: a campaign posting "crane will move the team anyway" makes "team"+"anyway"
    /// warm and coordinated for a minute, and without this every sceptic writing "the team played badly all season anyway"
    /// for the rest of the rally would join it through that one pair (ten organic lines in one rally), and keep it alive.
    /// </summary>
    private bool AddThemePair(NarrativeState narrative, ThemePair pair, DateTimeOffset now)
    {
        if (!narrative.ThemePairs.Add(pair.Key))
        {
            return false;
        }

        if (pair.IsCrowdPair(now, _options.ThemeBaselineTimeConstant))
        {
            narrative.CrowdPairs.Add(pair.Key);
            return false;
        }

        return true;
    }

    /// <summary>The paraphrase narrative sharing the most theme pairs with a message (crowd pairs aside), if any.</summary>
    private NarrativeState? ThemeMatch(List<string> pairKeys) =>
        _narratives
            .Select(n => (Narrative: n, Shared: pairKeys.Count(key => n.ThemePairs.Contains(key) && !n.CrowdPairs.Contains(key))))
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
            if (!narrative.ThemePairs.Contains(key) && IsWarm(pair, now) && IsCoordinated(pair.Messages) && AddThemePair(narrative, pair, now))
            {
                added.Add(pair);
            }
        }

        var taken = added.SelectMany(pair => pair.Messages).Where(m => m.IsFree).DistinctBy(m => m.Key).OrderBy(m => m.Key).ToList();
        foreach (var message in taken)
        {
            message.Narrative = narrative;
            _viewers.Claim(message.Observation.ViewerId);
        }

        return taken;
    }
}
