namespace RallyLive.Domain.Narratives;

/// <summary>A raid in progress on one stream: its viewers and what they have posted.</summary>
internal sealed class ActiveRaid(string raidId, string streamId, DateTimeOffset firstSeen)
{
    private readonly List<string> _viewerOrder = [];
    private readonly List<string> _samples = [];
    private int _messageCount;

    public HashSet<string> Viewers { get; } = new(StringComparer.Ordinal);

    public DateTimeOffset FirstSeen { get; } = firstSeen;

    public DateTimeOffset LastSeen { get; private set; } = firstSeen;

    public void Add(ChatObservation message, DateTimeOffset now, int sampleCount)
    {
        if (Viewers.Add(message.ViewerId))
        {
            _viewerOrder.Add(message.ViewerId);
        }

        _messageCount++;
        LastSeen = now > LastSeen ? now : LastSeen;
        if (_samples.Count < sampleCount)
        {
            _samples.Add(message.Text);
        }
    }

    public RaidSignal ToSignal() => new(raidId, streamId, FirstSeen, LastSeen, [.. _viewerOrder], [.. _samples], _messageCount);
}
