namespace RallyLive.Grains.Streams;

/// <summary>A stream's durable state; its chat messages are records beside it.</summary>
public sealed class StreamState
{
    /// <summary>Exact reaction counts since the stream began, stored at least once a second while they change.</summary>
    public Dictionary<string, long> ReactionTotals { get; set; } = [];
}
