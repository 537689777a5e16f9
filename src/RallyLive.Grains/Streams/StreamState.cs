using RallyLive.Abstractions.Streams;

namespace RallyLive.Grains.Streams;

/// <summary>A stream's durable state; its chat messages are records beside it.</summary>
public sealed class StreamState
{
    /// <summary>What the rally handed the stream when it was created, with the rally's status as it last told it; null for a stream never opened.</summary>
    public StreamSetup? Setup { get; set; }

    /// <summary>Exact reaction counts since the stream began, stored at least once a second while they change.</summary>
    public Dictionary<string, long> ReactionTotals { get; set; } = [];
}
