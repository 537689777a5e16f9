namespace RallyLive.Grains.Narratives;

/// <summary>
/// Groups messages into text narratives, each message into at most one:
/// <list type="number">
/// <item>near-duplicates: a message joins the cluster of its most similar message in the MinHash/LSH index (estimated
/// Jaccard of character trigrams ≥ <see cref="NarrativeDetectionOptions.NearDuplicateSimilarity"/>); a cluster with
/// enough distinct viewers in the window becomes a <see cref="NarrativeKind.NearDuplicate"/> narrative;</item>
/// <item>themes: every pair of content words in a message is counted; a pair used by enough distinct viewers in the
/// window, at several times its own baseline, becomes a <see cref="NarrativeKind.Paraphrase"/> narrative whose two words
/// are its keywords (or a near-duplicate one when a single cluster makes up most of it). Other pairs that burst and share a
/// keyword join it. Any later message with two of its keywords belongs to it.</item>
/// </list>
/// Both need <see cref="NarrativeDetectionOptions.MinimumDistinctViewers"/> among the messages no narrative has yet, and
/// a mean sentiment of at most <see cref="NarrativeDetectionOptions.MaximumMeanSentiment"/>. Not thread-safe.
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
        var matches = _index.FindSimilar(signature, options.NearDuplicateSimilarity);
        var matchedClusters = matches.Select(match => _messages[match.Key].Cluster).ToList();
        var target = matchedClusters.Select(cluster => cluster.Narrative).FirstOrDefault(narrative => narrative is not null)
            ?? ExemplarMatch(signature)
            ?? KeywordMatch(contentWords);
        var cluster = matchedClusters.FirstOrDefault(c => c.Narrative == target && target is not null)
            ?? matchedClusters.FirstOrDefault()
            ?? new DuplicateCluster();
        var message = new TextMessage(_nextKey++, observation, at, normalizedText, contentWords, signature)
        {
            Cluster = cluster,
            PairKeys = PairKeysOf(contentWords),
        };
        Track(message);

        if (target is not null)
        {
            // A new cluster started by a message of a known narrative follows it, so that copies of this message do too.
            if (cluster.Narrative is null && cluster.MemberCount == 1)
            {
                cluster.Narrative = target;
            }

            return [Claim(target, raised: false, [message])];
        }

        if (TryRaiseCluster(cluster) is { } fromCluster)
        {
            return [fromCluster];
        }

        return TryFireTheme(message, at) is { } fromTheme ? [fromTheme] : [];
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
        for (var i = 0; i < message.PairKeys.Count; i++)
        {
            if (!_pairs.TryGetValue(message.PairKeys[i], out var pair))
            {
                _pairs[message.PairKeys[i]] = pair = new ThemePair(message.PairKeys[i]);
            }

            pair.Add(message);
        }
    }

    private TextAttribution? TryRaiseCluster(DuplicateCluster cluster)
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
            return Claim(narrative, raised: true, unclaimed);
        }

        // Most of the cluster already belongs to a narrative (it was taken by a theme first): the rest follows it.
        var owner = MajorityOwner(cluster.Members, cluster.MemberCount);
        if (owner is null)
        {
            return null;
        }

        cluster.Narrative = owner;
        return Claim(owner, raised: false, unclaimed);
    }

    private TextAttribution? TryFireTheme(TextMessage message, DateTimeOffset now)
    {
        foreach (var key in message.PairKeys)
        {
            var pair = _pairs[key];
            if (pair.DistinctViewers < options.MinimumDistinctViewers
                || pair.DistinctViewers < options.ThemeBurstRatio * pair.ExpectedInWindow(now, options.ClusterWindow, options.ThemeBaselineTimeConstant))
            {
                continue;
            }

            var all = pair.Messages.ToList();
            var unclaimed = all.Where(m => m.Narrative is null).ToList();
            if (!Qualifies(unclaimed))
            {
                continue;
            }

            var (narrative, raised) = NarrativeForPair(pair, all, unclaimed);
            foreach (var group in unclaimed.GroupBy(m => m.Cluster).Where(g => g.Count() >= 2 && g.Key.Narrative is null))
            {
                group.Key.Narrative = narrative;
            }

            return Claim(narrative, raised, unclaimed);
        }

        return null;
    }

    /// <summary>
    /// Who takes a pair that fired: the narrative that already has most of its messages; else a paraphrase narrative
    /// sharing one of its words; else a new narrative, near-duplicate when one cluster makes up most of it.
    /// </summary>
    private (NarrativeState Narrative, bool Raised) NarrativeForPair(ThemePair pair, List<TextMessage> all, List<TextMessage> unclaimed)
    {
        var owner = MajorityOwner(all, all.Count)
            ?? _narratives.FirstOrDefault(n => n.Kind == NarrativeKind.Paraphrase && (n.Keywords.Contains(pair.First) || n.Keywords.Contains(pair.Second)));
        if (owner is not null)
        {
            AddKeywords(owner, pair);
            return (owner, false);
        }

        var dominant = unclaimed.GroupBy(m => m.Cluster).MaxBy(g => g.Count())!;
        if (dominant.Count() * 2 >= unclaimed.Count)
        {
            var nearDuplicate = Create(NarrativeKind.NearDuplicate);
            dominant.Key.Narrative = nearDuplicate;
            return (nearDuplicate, true);
        }

        var paraphrase = Create(NarrativeKind.Paraphrase);
        AddKeywords(paraphrase, pair);
        return (paraphrase, true);
    }

    private void AddKeywords(NarrativeState narrative, ThemePair pair)
    {
        foreach (var word in new[] { pair.First, pair.Second })
        {
            if (narrative.Keywords.Count < options.MaximumThemeKeywords)
            {
                narrative.Keywords.Add(word);
            }
        }
    }

    private bool Qualifies(List<TextMessage> messages) =>
        messages.Select(m => m.Observation.ViewerId).Distinct(StringComparer.Ordinal).Count() >= options.MinimumDistinctViewers
        && messages.Average(m => m.Observation.Sentiment) <= options.MaximumMeanSentiment;

    private static NarrativeState? MajorityOwner(IEnumerable<TextMessage> messages, int total) =>
        messages.Where(m => m.Narrative is not null).GroupBy(m => m.Narrative!).FirstOrDefault(g => g.Count() * 2 >= total)?.Key;

    private NarrativeState? ExemplarMatch(MinHashSignature signature) =>
        _narratives
            .Select(n => (Narrative: n, Similarity: n.Exemplars.Count == 0 ? 0 : n.Exemplars.Max(e => MinHash.EstimateJaccard(signature, e))))
            .Where(x => x.Similarity >= options.NearDuplicateSimilarity)
            .OrderByDescending(x => x.Similarity)
            .Select(x => x.Narrative)
            .FirstOrDefault();

    private NarrativeState? KeywordMatch(IReadOnlyList<string> contentWords) =>
        _narratives
            .Select(n => (Narrative: n, Shared: contentWords.Count(n.Keywords.Contains)))
            .Where(x => x.Shared >= 2)
            .OrderByDescending(x => x.Shared)
            .Select(x => x.Narrative)
            .FirstOrDefault();

    private NarrativeState Create(NarrativeKind kind)
    {
        var narrative = createNarrative(kind);
        _narratives.Add(narrative);
        return narrative;
    }

    private TextAttribution Claim(NarrativeState narrative, bool raised, List<TextMessage> messages)
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

        return new TextAttribution(narrative, raised, messages);
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
