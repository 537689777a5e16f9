namespace RallyLive.Domain.Narratives;

/// <summary>A raid in progress on one stream: its viewers, when they joined the stream, and what they have posted.</summary>
internal sealed class ActiveRaid(string raidId, string streamId, DateTimeOffset firstSeen)
{
    private readonly List<string> _viewerOrder = [];
    private readonly List<string> _samples = [];
    private readonly List<DateTimeOffset> _arrivals = [];
    private int _messageCount;

    public HashSet<string> Viewers { get; } = new(StringComparer.Ordinal);

    public DateTimeOffset FirstSeen { get; } = firstSeen;

    public DateTimeOffset LastSeen { get; private set; } = firstSeen;

    /// <summary>Whether a viewer who joined at <paramref name="joinedAt"/> arrived with the raid: within <paramref name="gap"/> of one of its viewers.</summary>
    public bool ArrivedWith(DateTimeOffset joinedAt, TimeSpan gap) => _arrivals.Exists(arrival => (arrival - joinedAt).Duration() <= gap);

    /// <summary>Makes a viewer who joined at <paramref name="joinedAt"/> one of the raid's.</summary>
    public void AddViewer(string viewerId, DateTimeOffset joinedAt)
    {
        if (Viewers.Add(viewerId))
        {
            _viewerOrder.Add(viewerId);
            _arrivals.Add(joinedAt);
        }
    }

    public void Add(ChatObservation message, DateTimeOffset now, int sampleCount)
    {
        AddViewer(message.ViewerId, message.ViewerJoinedAt);
        _messageCount++;
        LastSeen = now > LastSeen ? now : LastSeen;
        if (_samples.Count < sampleCount)
        {
            _samples.Add(message.Text);
        }
    }

    public RaidSignal ToSignal() => new(raidId, streamId, FirstSeen, LastSeen, [.. _viewerOrder], [.. _samples], _messageCount);
}
