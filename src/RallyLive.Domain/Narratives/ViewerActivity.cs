namespace RallyLive.Domain.Narratives;

/// <summary>
/// How much each viewer has written lately, and how much of it a narrative has taken: what tells an account that only
/// ever posts the campaign's line from a viewer who chats and also repeats it. A viewer is forgotten after
/// <see cref="NarrativeDetectionOptions.ViewerMemory"/> without a message, which bounds memory by the viewers active in
/// that period. Not thread-safe.
/// </summary>
internal sealed class ViewerActivity(TimeSpan memory)
{
    private readonly Dictionary<string, Entry> _viewers = new(StringComparer.Ordinal);

    public int Count => _viewers.Count;

    /// <summary>Counts one message of <paramref name="viewerId"/>; a viewer back after a long silence starts afresh.</summary>
    public void Observe(string viewerId, DateTimeOffset at)
    {
        if (!_viewers.TryGetValue(viewerId, out var entry) || at - entry.LastSeen > memory)
        {
            entry = new Entry();
            _viewers[viewerId] = entry;
        }

        entry.Messages++;
        entry.LastSeen = at > entry.LastSeen ? at : entry.LastSeen;
    }

    /// <summary>Records that a narrative took one message of <paramref name="viewerId"/>.</summary>
    public void Claim(string viewerId)
    {
        if (_viewers.TryGetValue(viewerId, out var entry))
        {
            entry.Claimed++;
        }
    }

    /// <summary>
    /// Messages of the viewer that are neither among the <paramref name="inCandidate"/> messages being judged nor taken
    /// by a narrative: zero for an account that has written nothing else lately.
    /// </summary>
    public int OtherMessages(string viewerId, int inCandidate) =>
        _viewers.TryGetValue(viewerId, out var entry) ? Math.Max(0, entry.Messages - entry.Claimed - inCandidate) : 0;

    /// <summary>Forgets viewers silent for longer than the memory.</summary>
    public void Expire(DateTimeOffset now)
    {
        foreach (var (viewerId, _) in _viewers.Where(v => now - v.Value.LastSeen > memory).ToList())
        {
            _viewers.Remove(viewerId);
        }
    }

    private sealed class Entry
    {
        public int Messages { get; set; }

        public int Claimed { get; set; }

        public DateTimeOffset LastSeen { get; set; } = DateTimeOffset.MinValue;
    }
}
