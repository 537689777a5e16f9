namespace RallyLive.Grains.Streams;

/// <summary>How streams aggregate and keep the crowd's input. Bound from <c>RallyLive:Streams</c>.</summary>
public sealed class StreamOptions
{
    public const string SectionName = "RallyLive:Streams";

    /// <summary>How often a stream sends its reactions and chat counts onward as one frame.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How often viewers are sent a frame that carries nothing but a changed viewer count (organisers get one every tick
    /// the count changes; frames with reactions or chat go every tick and carry the count too). Without it, a crowd of N
    /// viewers that keeps growing is sent 4 × N frames a second for its count alone: at 15,000 viewers arriving, more
    /// than two nodes' cores could send.
    /// </summary>
    public TimeSpan ViewerCountInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The most taps of one kind a single batch may carry (a client batches a quarter second of taps).</summary>
    public int MaxReactionsPerBatch { get; set; } = 50;

    public int MaxChatLength { get; set; } = 300;

    /// <summary>
    /// Chat messages one viewer may send to the stream, whatever node or connection they come through: the stream
    /// is one activation in the cluster, so this holds cluster-wide. The server sets it from
    /// <c>RallyLive:Realtime:Chat</c>, the same limit its hubs apply per node before a call reaches the grain.
    /// </summary>
    public RateLimit ChatPerViewer { get; set; } = new(PerSecond: 1, Burst: 3);

    /// <summary>Reaction batches one viewer may send to the stream, cluster-wide (set from <c>RallyLive:Realtime:Reactions</c>).</summary>
    public RateLimit ReactionBatchesPerViewer { get; set; } = new(PerSecond: 8, Burst: 16);

    /// <summary>
    /// Reports of messages one viewer may make on the stream, cluster-wide (set from <c>RallyLive:Realtime:Reports</c>).
    /// Every report of a well-formed message id counts, found or not, so made-up ids cannot flood moderation either.
    /// </summary>
    public RateLimit ReportsPerViewer { get; set; } = new(PerSecond: 0.2, Burst: 5);

    public int MaxDisplayNameLength { get; set; } = 40;

    /// <summary>How many recent messages a stream keeps in memory for snapshots and catch-up.</summary>
    public int RecentChatCount { get; set; } = 100;

    /// <summary>
    /// How long a provisional join (the HTTP join, before the viewer's connection joins the stream) counts the viewer
    /// as watching. A join that no connection follows leaves the viewers within this and one tick.
    /// </summary>
    public TimeSpan JoinLease { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a node's hold on the viewers its connections watch lasts unless the node renews it (it does every third
    /// of this, <see cref="RallyLive.Abstractions.Streams.NodePresence"/>): the viewers of a node that was killed leave
    /// the count within this and one tick, and those a stream forgot (its grain moved) are counted again within a third.
    /// </summary>
    public TimeSpan NodeLease { get; set; } = TimeSpan.FromSeconds(30);
}
