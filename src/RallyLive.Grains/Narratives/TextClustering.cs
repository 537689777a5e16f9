namespace RallyLive.Grains.Narratives;

/// <summary>
/// Groups messages into text narratives, each message into at most one:
/// <list type="number">
/// <item>near-duplicates: a message joins the cluster it is similar to in the MinHash/LSH index (estimated Jaccard of
/// character trigrams ≥ <see cref="NarrativeDetectionOptions.NearDuplicateSimilarity"/> with two of its members, its only
/// one, or one at ≥ <see cref="NarrativeDetectionOptions.SingleMatchSimilarity"/>), merging clusters it joins that way;
/// a cluster with enough distinct viewers in the window becomes a
/// <see cref="NarrativeKind.NearDuplicate"/> narrative. Asking for two members rather than one stops the single-link chain
/// by which "is the mini lab certified?" (0.39 from "the mini-lab is unsafe", and sometimes estimated above 0.5)
/// would pull every organic line about the mini-lab into the slogan's cluster;</item>
/// <item>themes: every pair of content words in a message is counted over the window. The message's warm pairs (used by a
/// few viewers, at several times their baseline) that are also opposing (mostly in negative messages) make a candidate
/// theme; when the messages holding any of its pairs reach enough distinct viewers it becomes a
/// <see cref="NarrativeKind.Paraphrase"/> narrative made of those pairs (or a near-duplicate one when one cluster is most of
/// it). Later, any message holding one of its pairs belongs to it.</item>
/// </list>
/// Both need <see cref="NarrativeDetectionOptions.MinimumDistinctViewers"/> among messages that no narrative has yet,
/// which must also be opposing (see <see cref="NarrativeDetectionOptions.MinimumNegativeShare"/> and
/// <see cref="NarrativeDetectionOptions.MaximumPositiveShare"/>). Not thread-safe.
/// </summary>
internal sealed class TextClustering(NarrativeDetectionOptions options, Func<NarrativeKind, NarrativeState> createNarrative)
{
    private readonly MinHash _minHash = new(options.MinHash);
    private readonly NearDuplicateIndex _index = new(options.MinHash);
    private readonly Dictionary<long, TextMessage> _messages = [];
    private readonly Queue<TextMessage> _window = new();
    private readonly Dictionary<string, ThemePair> _pairs = new(StringComparer.Ordinal);
    private readonly List<NarrativeState> _narratives = [];
    private long _nextKey;

    public int WindowCount => _window.Count;

    public int IndexCount => _index.Count;

    public int PairCount => _pairs.Count;

    public IReadOnlyList<TextAttribution> Observe(ChatObservation observation, DateTimeOffset at, string normalizedText, IReadOnlyList<string> contentWords)
    {
        var signature = _minHash.Compute(normalizedText);
        var matched = _index.FindSimilar(signature, options.NearDuplicateSimilarity)
            .GroupBy(match => _messages[match.Key].Cluster)
            .Where(votes => votes.Count() >= 2 || votes.Key.MemberCount == 1 || votes.Max(match => match.Similarity) >= options.SingleMatchSimilarity)
            .OrderByDescending(votes => votes.Count())
            .ThenByDescending(votes => votes.Max(match => match.Similarity))
            .Select(votes => votes.Key)
            .ToList();
        var pairKeys = PairKeysOf(contentWords);
        var target = matched.Select(c => c.Narrative).FirstOrDefault(n => n is not null) ?? ExemplarMatch(signature) ?? ThemeMatch(pairKeys);
        var cluster = target is null
            ? Merge(matched)
            : matched.FirstOrDefault(c => c.Narrative == target) ?? matched.FirstOrDefault(c => c.Narrative is null) ?? new DuplicateCluster();
        var message = new TextMessage(_nextKey++, observation, at, normalizedText, contentWords, signature)
        {
            Cluster = cluster,
            PairKeys = pairKeys,
        };
        Track(message);

        if (target is not null)
        {
            // A new cluster started by a message of a known narrative follows it, so that copies of this message do too.
            if (cluster.Narrative is null && cluster.MemberCount == 1)
            {
                cluster.Narrative = target;
            }

            return [Claim(target, raised: false, [message], at)];
        }

        var attribution = TryRaiseCluster(cluster, at) ?? TryRaiseTheme(message, at);
        return attribution is { } raised ? [raised] : [];
    }

    /// <summary>Lets messages older than the cluster window go; with <paramref name="sweep"/>, also forgets negligible pairs.</summary>
    public void Evict(DateTimeOffset now, bool sweep)
    {
        var cutoff = now - options.ClusterWindow;
        while (_window.TryPeek(out var oldest) && oldest.At < cutoff)
        {
            _window.Dequeue();
            _messages.Remove(oldest.Key);
            oldest.Cluster.RemoveOldest(oldest);
            foreach (var key in oldest.PairKeys)
            {
                _pairs[key].RemoveOldest(oldest, options.ThemeBaselineTimeConstant);
            }
        }

        _index.EvictOlderThan(cutoff);
        if (sweep)
        {
            foreach (var (key, _) in _pairs.Where(pair => pair.Value.IsNegligible(now, options.ThemeBaselineTimeConstant)).ToList())
            {
                _pairs.Remove(key);
            }
        }
    }

    public void Forget(NarrativeState narrative) => _narratives.Remove(narrative);

    private void Track(TextMessage message)
    {
        _messages[message.Key] = message;
        _window.Enqueue(message);
        _index.Add(message.Key, message.Signature, message.At);
        message.Cluster.Add(message);
        foreach (var key in message.PairKeys)
        {
            if (!_pairs.TryGetValue(key, out var pair))
            {
                _pairs[key] = pair = new ThemePair(key);
            }

            pair.Add(message);
        }
    }

    private static DuplicateCluster Merge(List<DuplicateCluster> clusters)
    {
        if (clusters.Count == 0)
        {
            return new DuplicateCluster();
        }

        var largest = clusters.MaxBy(c => c.MemberCount)!;
        foreach (var other in clusters.Where(c => c != largest))
        {
            largest.Absorb(other);
        }

        return largest;
    }

    private TextAttribution? TryRaiseCluster(DuplicateCluster cluster, DateTimeOffset now)
    {
        if (cluster.Narrative is not null || cluster.DistinctViewers < options.MinimumDistinctViewers)
        {
            return null;
        }

        var unclaimed = cluster.Members.Where(m => m.Narrative is null).ToList();
        if (Qualifies(unclaimed))
        {
            var narrative = Create(NarrativeKind.NearDuplicate);
            cluster.Narrative = narrative;
            return Claim(narrative, raised: true, unclaimed, now);
        }

        // Most of the cluster already belongs to a narrative (a theme took it first): the rest follows it.
        if (MajorityOwner(cluster.Members.ToList()) is not { } owner)
        {
            return null;
        }

        cluster.Narrative = owner;
        return Claim(owner, raised: false, unclaimed, now);
    }

    private TextAttribution? TryRaiseTheme(TextMessage message, DateTimeOffset now)
    {
        var words = message.PairKeys.Select(key => _pairs[key]).Where(pair => IsWarm(pair, now))
            .SelectMany(pair => new[] { pair.First, pair.Second })
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var themePairs = PairKeysOf(words)
            .Select(key => _pairs.GetValueOrDefault(key))
            .OfType<ThemePair>()
            .Where(pair => IsWarm(pair, now) && IsOpposing(pair.Messages.ToList()))
            .ToList();
        var all = themePairs.SelectMany(pair => pair.Messages).DistinctBy(m => m.Key).ToList();
        var unclaimed = all.Where(m => m.Narrative is null).ToList();
        if (themePairs.Count == 0 || !Qualifies(unclaimed))
        {
            return null;
        }

        var owner = MajorityOwner(all);
        if (owner is { Kind: NarrativeKind.NearDuplicate })
        {
            // The vocabulary of a slogan already surfaced: that narrative grows by near-duplicates only, since its words
            // ("mini", "lab") are also the topic everyone else is discussing.
            return null;
        }

        var keys = themePairs.Select(pair => pair.Key).ToList();
        owner ??= _narratives.FirstOrDefault(n => n.Kind == NarrativeKind.Paraphrase && words.Any(word => n.ThemePairs.Any(key => ThemePair.Contains(key, word))));
        var raised = owner is null;
        var narrative = owner ?? NewThemeNarrative(unclaimed);
        if (narrative.Kind == NarrativeKind.Paraphrase)
        {
            foreach (var key in keys.TakeWhile(_ => narrative.ThemePairs.Count < options.MaximumThemePairs))
            {
                narrative.ThemePairs.Add(key);
            }
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

    private bool IsWarm(ThemePair pair, DateTimeOffset now) =>
        pair.DistinctViewers >= options.ThemePairMinimumViewers
        && pair.DistinctViewers >= options.ThemeBurstRatio * pair.ExpectedInWindow(now, options.ClusterWindow, options.ThemeBaselineTimeConstant);

    /// <summary>Enough distinct viewers, and opposing.</summary>
    private bool Qualifies(List<TextMessage> messages) =>
        messages.Select(m => m.Observation.ViewerId).Distinct(StringComparer.Ordinal).Count() >= options.MinimumDistinctViewers
        && IsOpposing(messages);

    /// <summary>Enough of the messages negative, few positive (see <see cref="NarrativeDetectionOptions.MinimumNegativeShare"/>).</summary>
    private bool IsOpposing(List<TextMessage> messages) =>
        messages.Count > 0
        && messages.Count(m => m.Observation.Sentiment < 0) >= options.MinimumNegativeShare * messages.Count
        && messages.Count(m => m.Observation.Sentiment > 0) <= options.MaximumPositiveShare * messages.Count;

    private static NarrativeState? MajorityOwner(List<TextMessage> messages) =>
        messages.Where(m => m.Narrative is not null).GroupBy(m => m.Narrative!).FirstOrDefault(g => g.Count() * 2 >= messages.Count)?.Key;

    /// <summary>A narrative whose remembered signatures match as a cluster's members would: the same slogan after a lull.</summary>
    private NarrativeState? ExemplarMatch(MinHashSignature signature) =>
        _narratives
            .Select(n => (Narrative: n, Similarities: n.Exemplars.Select(e => MinHash.EstimateJaccard(signature, e)).Where(s => s >= options.NearDuplicateSimilarity).ToList()))
            .Where(x => x.Similarities.Count >= 2 || (x.Similarities.Count == 1 && (x.Narrative.Exemplars.Count == 1 || x.Similarities[0] >= options.SingleMatchSimilarity)))
            .OrderByDescending(x => x.Similarities.Count)
            .Select(x => x.Narrative)
            .FirstOrDefault();

    /// <summary>The paraphrase narrative sharing the most theme pairs with a message, if any.</summary>
    private NarrativeState? ThemeMatch(List<string> pairKeys) =>
        _narratives
            .Select(n => (Narrative: n, Shared: pairKeys.Count(n.ThemePairs.Contains)))
            .Where(x => x.Shared > 0)
            .OrderByDescending(x => x.Shared)
            .Select(x => x.Narrative)
            .FirstOrDefault();

    private NarrativeState Create(NarrativeKind kind)
    {
        var narrative = createNarrative(kind);
        _narratives.Add(narrative);
        return narrative;
    }

    private TextAttribution Claim(NarrativeState narrative, bool raised, List<TextMessage> messages, DateTimeOffset now)
    {
        foreach (var message in messages)
        {
            message.Narrative = narrative;
            if (narrative.Kind == NarrativeKind.NearDuplicate && narrative.Exemplars.Count < options.ExemplarCount
                && !narrative.Exemplars.Any(e => MinHash.EstimateJaccard(e, message.Signature) == 1))
            {
                narrative.Exemplars.Add(message.Signature);
            }
        }

        if (narrative.Kind == NarrativeKind.Paraphrase)
        {
            messages = [.. messages, .. Spread(narrative, messages, now)];
        }

        return new TextAttribution(narrative, raised, messages);
    }

    /// <summary>
    /// Grows a theme from the messages it just took: their warm, opposing pairs become its pairs (up to
    /// <see cref="NarrativeDetectionOptions.MaximumThemePairs"/>), so that "paid"+"switch" joins a theme raised on
    /// "switch"+"sides"; the window's unclaimed messages holding a new pair are taken too (one step, no cascade).
    /// </summary>
    private List<TextMessage> Spread(NarrativeState narrative, List<TextMessage> messages, DateTimeOffset now)
    {
        var added = new List<ThemePair>();
        foreach (var key in messages.SelectMany(m => m.PairKeys).Distinct(StringComparer.Ordinal))
        {
            if (narrative.ThemePairs.Count >= options.MaximumThemePairs)
            {
                break;
            }

            var pair = _pairs[key];
            if (!narrative.ThemePairs.Contains(key) && IsWarm(pair, now) && IsOpposing(pair.Messages.ToList()))
            {
                narrative.ThemePairs.Add(key);
                added.Add(pair);
            }
        }

        var taken = added.SelectMany(pair => pair.Messages).Where(m => m.Narrative is null).DistinctBy(m => m.Key).OrderBy(m => m.Key).ToList();
        foreach (var message in taken)
        {
            message.Narrative = narrative;
        }

        return taken;
    }

    private static List<string> PairKeysOf(IReadOnlyList<string> words)
    {
        var keys = new List<string>(words.Count * (words.Count - 1) / 2);
        for (var i = 0; i < words.Count; i++)
        {
            for (var j = i + 1; j < words.Count; j++)
            {
                keys.Add(ThemePair.KeyOf(words[i], words[j]));
            }
        }

        return keys;
    }
}
