namespace RallyLive.Domain.Narratives;

/// <summary>
/// Messages linked as near-duplicates (each joined through its most similar indexed message), as far as they are still
/// in the cluster window. A cluster that has become a narrative, or joined one, sends its later messages there.
/// </summary>
internal sealed class DuplicateCluster
{
    private readonly Queue<TextMessage> _members = new();
    private readonly Dictionary<string, int> _viewerCounts = new(StringComparer.Ordinal);

    public NarrativeState? Narrative { get; set; }

    public IEnumerable<TextMessage> Members => _members;

    public int MemberCount => _members.Count;

    /// <summary>Distinct viewers among the members, claimed or not: a cheap first check before counting the unclaimed ones.</summary>
    public int DistinctViewers => _viewerCounts.Count;

    public void Add(TextMessage message)
    {
        _members.Enqueue(message);
        _viewerCounts[message.Observation.ViewerId] = _viewerCounts.GetValueOrDefault(message.Observation.ViewerId) + 1;
    }

    /// <summary>
    /// Takes every member of <paramref name="other"/>: a message similar to members of two clusters shows they are one
    /// (single-link), which keeps a slogan's variants from splitting into clusters too small to notice.
    /// </summary>
    public void Absorb(DuplicateCluster other)
    {
        // Keys follow arrival order, so sorting by key keeps the queue in the order eviction expects.
        var merged = _members.Concat(other._members).OrderBy(m => m.Key).ToList();
        _members.Clear();
        foreach (var member in merged)
        {
            _members.Enqueue(member);
        }

        foreach (var member in other._members)
        {
            member.Cluster = this;
            _viewerCounts[member.Observation.ViewerId] = _viewerCounts.GetValueOrDefault(member.Observation.ViewerId) + 1;
        }

        other._members.Clear();
        other._viewerCounts.Clear();
    }

    /// <summary>Removes the oldest member, which must be <paramref name="message"/> (windows evict in time order).</summary>
    public void RemoveOldest(TextMessage message)
    {
        if (!ReferenceEquals(_members.Dequeue(), message))
        {
            throw new InvalidOperationException("Cluster members must leave in the order they joined.");
        }

        var viewerId = message.Observation.ViewerId;
        if (--_viewerCounts[viewerId] == 0)
        {
            _viewerCounts.Remove(viewerId);
        }
    }
}
