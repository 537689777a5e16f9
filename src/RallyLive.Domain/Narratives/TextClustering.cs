namespace RallyLive.Domain.Narratives;

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
/// few viewers, at several times their baseline) that are also coordinated (mostly from accounts that write nothing else) make a candidate
/// theme; when the messages holding any of its pairs reach enough distinct viewers it becomes a
/// <see cref="NarrativeKind.Paraphrase"/> narrative made of those pairs (or a near-duplicate one when one cluster is most of
/// it). Later, any message holding one of its pairs belongs to it, except a pair the crowd was already using when it
/// joined the theme (<see cref="NarrativeState.CrowdPairs"/>): that pair of common words is no evidence of the claim.</item>
/// </list>
/// Both need, among messages that no narrative has yet, <see cref="NarrativeDetectionOptions.MinimumDistinctViewers"/>
/// accounts of which at least <see cref="NarrativeDetectionOptions.MinimumDedicatedShare"/> have written nothing else
/// lately (see <see cref="ViewerActivity"/>); a near-duplicate cluster must also be new in this rally: most of its
/// messages hold a warm pair of content words (used in the window at several times its baseline), so a chant the crowd
/// has been repeating all along is not a campaign the tenth time. Sentiment plays no part. Not thread-safe.
/// </summary>
internal sealed partial class TextClustering(NarrativeDetectionOptions options, ViewerActivity viewers, Func<NarrativeKind, NarrativeState> createNarrative)
{
    private readonly NarrativeDetectionOptions _options = options;
    private readonly ViewerActivity _viewers = viewers;
    private readonly Func<NarrativeKind, NarrativeState> _createNarrative = createNarrative;
    private readonly MinHash _minHash = new(options.MinHash);
    private readonly NearDuplicateIndex _index = new(options.MinHash);
    private readonly Dictionary<long, TextMessage> _messages = [];
    private readonly Dictionary<string, TextMessage> _messagesById = new(StringComparer.Ordinal);
    private readonly Queue<TextMessage> _window = new();
    private readonly Dictionary<string, ThemePair> _pairs = new(StringComparer.Ordinal);

    /// <summary>For each content word, the pairs holding it that have messages in the window.</summary>
    private readonly Dictionary<string, HashSet<ThemePair>> _pairsByWord = new(StringComparer.Ordinal);
    private readonly List<NarrativeState> _narratives = [];
    private long _nextKey;
    private DateTimeOffset? _firstSeen;
    private bool _warmingUp;

    public int WindowCount => _window.Count;

    public int IndexCount => _index.Count;

    public int PairCount => _pairs.Count;

    public IReadOnlyList<TextAttribution> Observe(ChatObservation observation, DateTimeOffset at, string normalizedText, IReadOnlyList<string> contentWords)
    {
        var signature = _minHash.Compute(normalizedText);
        var matched = _index.FindSimilar(signature, _options.NearDuplicateSimilarity)
            .GroupBy(match => _messages[match.Key].Cluster)
            .Where(votes => votes.Count() >= 2 || votes.Key.MemberCount == 1 || votes.Max(match => match.Similarity) >= _options.SingleMatchSimilarity)
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

        _warmingUp = at - _firstSeen < _options.WarmUp;
        var attribution = TryRaiseCluster(cluster, at) ?? TryRaiseTheme(message, at);
        return attribution is { } raised ? [raised] : [];
    }

    /// <summary>Lets messages older than the cluster window go; with <paramref name="sweep"/>, also forgets negligible pairs.</summary>
    public void Evict(DateTimeOffset now, bool sweep)
    {
        var cutoff = now - _options.ClusterWindow;
        while (_window.TryPeek(out var oldest) && oldest.At < cutoff)
        {
            _window.Dequeue();
            _messages.Remove(oldest.Key);
            _messagesById.Remove(oldest.Observation.MessageId);
            oldest.Cluster.RemoveOldest(oldest);
            foreach (var key in oldest.PairKeys)
            {
                var pair = _pairs[key];
                pair.RemoveOldest(oldest, _options.ThemeBaselineTimeConstant);
                if (pair.IsEmpty)
                {
                    Unindex(pair.First, pair);
                    Unindex(pair.Second, pair);
                }
            }
        }

        _index.EvictOlderThan(cutoff);
        if (sweep)
        {
            foreach (var (key, _) in _pairs.Where(pair => pair.Value.IsNegligible(now, _options.ThemeBaselineTimeConstant)).ToList())
            {
                _pairs.Remove(key);
            }
        }
    }

    /// <summary>
    /// Takes messages still in the window out of text clustering because a raid took them: a raider's message is the
    /// raid's, and a raid learns who its raiders are only as they chat.
    /// </summary>
    public void TakeForRaid(IEnumerable<string> messageIds)
    {
        foreach (var messageId in messageIds)
        {
            if (_messagesById.TryGetValue(messageId, out var message))
            {
                message.TakenByRaid = true;
            }
        }
    }

    public void Forget(NarrativeState narrative) => _narratives.Remove(narrative);

    /// <summary>Notes the time of every observation, text or not: the warm-up runs from the first.</summary>
    public void Saw(DateTimeOffset at) => _firstSeen ??= at;

    private void Index(string word, ThemePair pair)
    {
        if (!_pairsByWord.TryGetValue(word, out var pairs))
        {
            _pairsByWord[word] = pairs = [];
        }

        pairs.Add(pair);
    }

    private void Unindex(string word, ThemePair pair)
    {
        if (_pairsByWord.TryGetValue(word, out var pairs) && pairs.Remove(pair) && pairs.Count == 0)
        {
            _pairsByWord.Remove(word);
        }
    }

    private void Track(TextMessage message)
    {
        _messages[message.Key] = message;
        _messagesById[message.Observation.MessageId] = message;
        _window.Enqueue(message);
        _index.Add(message.Key, message.Signature, message.At);
        message.Cluster.Add(message);
        foreach (var key in message.PairKeys)
        {
            if (!_pairs.TryGetValue(key, out var pair))
            {
                _pairs[key] = pair = new ThemePair(key);
            }

            if (pair.IsEmpty)
            {
                Index(pair.First, pair);
                Index(pair.Second, pair);
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
        if (cluster.Narrative is not null || cluster.DistinctViewers < _options.MinimumDistinctViewers)
        {
            return null;
        }

        var unclaimed = cluster.Members.Where(m => m.IsFree).ToList();
        if (Qualifies(unclaimed) && IsNew(unclaimed, now))
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
        return unclaimed.Count == 0 ? null : Claim(owner, raised: false, unclaimed, now);
    }

    /// <summary>
    /// Past the warm-up, enough distinct accounts, enough of them dedicated to this (see <see cref="IsCoordinated"/>).
    /// </summary>
    private bool Qualifies(List<TextMessage> messages) =>
        !_warmingUp
        && messages.Select(m => m.Observation.ViewerId).Distinct(StringComparer.Ordinal).Count() >= _options.MinimumDistinctViewers
        && IsCoordinated(messages);

    /// <summary>
    /// At least <see cref="NarrativeDetectionOptions.MinimumDedicatedShare"/> of the accounts behind
    /// <paramref name="messages"/> have written nothing else lately: accounts that exist to post this.
    /// </summary>
    private bool IsCoordinated(IEnumerable<TextMessage> messages)
    {
        var byViewer = messages.GroupBy(m => m.Observation.ViewerId, StringComparer.Ordinal).Select(g => (Viewer: g.Key, Count: g.Count())).ToList();
        return byViewer.Count > 0
            && byViewer.Count(v => _viewers.OtherMessages(v.Viewer, v.Count) == 0)
                >= _options.MinimumDedicatedShare * byViewer.Count;
    }

    /// <summary>
    /// Most of the messages hold a warm pair of content words: the text is new in this rally, not a chant or a question
    /// its crowd has been repeating at this rate all along (the pairs' baselines remember that).
    /// </summary>
    private bool IsNew(List<TextMessage> messages, DateTimeOffset now) =>
        messages.Count(m => m.PairKeys.Any(key => IsWarm(_pairs[key], now))) * 2 >= messages.Count;

    private static NarrativeState? MajorityOwner(List<TextMessage> messages) =>
        messages.Where(m => m.Narrative is not null).GroupBy(m => m.Narrative!).FirstOrDefault(g => g.Count() * 2 >= messages.Count)?.Key;

    /// <summary>A narrative whose remembered signatures match as a cluster's members would: the same slogan after a lull.</summary>
    private NarrativeState? ExemplarMatch(MinHashSignature signature) =>
        _narratives
            .Select(n => (Narrative: n, Similarities: n.Exemplars.Select(e => MinHash.EstimateJaccard(signature, e)).Where(s => s >= _options.NearDuplicateSimilarity).ToList()))
            .Where(x => x.Similarities.Count >= 2 || (x.Similarities.Count == 1 && (x.Narrative.Exemplars.Count == 1 || x.Similarities[0] >= _options.SingleMatchSimilarity)))
            .OrderByDescending(x => x.Similarities.Count)
            .Select(x => x.Narrative)
            .FirstOrDefault();

    private NarrativeState Create(NarrativeKind kind)
    {
        var narrative = _createNarrative(kind);
        _narratives.Add(narrative);
        return narrative;
    }

    private TextAttribution Claim(NarrativeState narrative, bool raised, List<TextMessage> messages, DateTimeOffset now)
    {
        foreach (var message in messages)
        {
            message.Narrative = narrative;
            _viewers.Claim(message.Observation.ViewerId);
            if (narrative.Kind == NarrativeKind.NearDuplicate && narrative.Exemplars.Count < _options.ExemplarCount
                && !narrative.Exemplars.Contains(message.Signature))
            {
                narrative.Exemplars.Add(message.Signature);
            }
        }

        if (narrative.ThemePairs.Count > 0)
        {
            messages = [.. messages, .. Spread(narrative, messages, now)];
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
