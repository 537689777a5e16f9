using RallyLive.Grains;

namespace RallyLive.Server.Realtime;

/// <summary>Limits of hub connections. Bound from <c>RallyLive:Realtime</c>.</summary>
public sealed class RealtimeOptions
{
    public const string SectionName = "RallyLive:Realtime";

    /// <summary>
    /// Origins whose pages may open hub connections (<c>https://rally.example</c>), besides those of
    /// <c>RallyLive:PublicUrl</c> and of the addresses the server listens on (<see cref="Realtime.AllowedOrigins"/>).
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Reaction batches per second a connection may send (a client batches a quarter second of taps).</summary>
    public RateLimit Reactions { get; set; } = new(PerSecond: 8, Burst: 16);

    public RateLimit Chat { get; set; } = new(PerSecond: 1, Burst: 3);

    public RateLimit Votes { get; set; } = new(PerSecond: 2, Burst: 5);

    /// <summary>Questions a viewer may ask: one every ten seconds, two at once.</summary>
    public RateLimit Questions { get; set; } = new(PerSecond: 0.1, Burst: 2);

    /// <summary>Reports of messages: each is a flag moderators must look at, so one every 5 seconds (bursts of 5).</summary>
    public RateLimit Reports { get; set; } = new(PerSecond: 0.2, Burst: 5);

    /// <summary>Every other hub call.</summary>
    public RateLimit Other { get; set; } = new(PerSecond: 10, Burst: 20);

    /// <summary>
    /// Calls refused by the rate limits that one viewer connection may make before it is closed: 10 at once, then one
    /// every 2 seconds. Someone using the viewer page never comes near it (it batches taps and a person types one message
    /// at a time); a client that keeps calling after being told to slow down costs the node a refusal a call, and is
    /// closed instead, which also takes it off the stream's recipients. Organisers' and moderators' consoles are never
    /// closed for it.
    /// </summary>
    public RateLimit RefusedCallsPerViewerConnection { get; set; } = new(PerSecond: 0.5, Burst: 10);

    /// <summary>
    /// Viewer connections from one client address (an IPv6 /64) that may be closed for calling on after refusals: 10,
    /// then one every 6 seconds. Past that the address is barred for <see cref="AddressBarTime"/>: it may neither mint
    /// viewer tokens nor open viewer connections (its open ones stay). Without it a machine closed for flooding mints a
    /// new token and comes straight back. Loopback is never barred.
    /// </summary>
    public RateLimit RefusalClosesPerAddress { get; set; } = new(PerSecond: 1.0 / 6, Burst: 10);

    /// <summary>How long an address stays barred once it has run out of <see cref="RefusalClosesPerAddress"/>.</summary>
    public TimeSpan AddressBarTime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Limits on all the viewers of a rally calling from one client address (an IPv6 address's /64), taken after the
    /// viewer's own: they bound whoever mints many viewer tokens on one machine, and are wide enough for a crowd
    /// sharing an address (venue Wi-Fi, a carrier's NAT) to react, vote and chat as a crowd does.
    /// </summary>
    public RateLimit ReactionsPerAddress { get; set; } = new(PerSecond: 100, Burst: 400);

    public RateLimit ChatPerAddress { get; set; } = new(PerSecond: 2, Burst: 10);

    public RateLimit ReportsPerAddress { get; set; } = new(PerSecond: 2, Burst: 20);

    public RateLimit VotesPerAddress { get; set; } = new(PerSecond: 50, Burst: 500);

    public RateLimit OtherPerAddress { get; set; } = new(PerSecond: 100, Burst: 400);

    /// <summary>
    /// Visible chat messages per second that each stream's viewers are sent; beyond it viewers see a sample while
    /// the messages are still stored and moderators still get every one.
    /// </summary>
    public RateLimit ChatFanOutPerStream { get; set; } = new(PerSecond: 20, Burst: 40);

    /// <summary>When and how far a saturated node sheds load (<see cref="Delivery.DeliveryPace"/>).</summary>
    public Delivery.DegradationOptions Degradation { get; set; } = new();

    /// <summary>
    /// Messages that may wait to be written to one connection once its buffers are full; a connection with more is
    /// stalled and is closed, so that it neither delays the others nor holds memory without bound.
    /// </summary>
    public int MaxPendingWritesPerConnection { get; set; } = 256;

    /// <summary>
    /// The same for an organiser's or a moderator's connection. They are few, every message of a chat flood reaches them
    /// (viewers get a sample), and their console is what they answer the flood with, so they may fall further behind
    /// before they are closed; a waiting message is the one serialised copy every recipient shares, so this costs little.
    /// </summary>
    public int MaxPendingWritesPerStaffConnection { get; set; } = 4096;

    /// <summary>The largest hub message a client may send, in bytes; a larger one closes that connection only.</summary>
    public long MaximumReceiveMessageSize { get; set; } = 16 * 1024;

    /// <summary>How long a new connection may take to send the protocol handshake before it is closed.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the server pings an idle connection.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the server waits to hear from a client (a message or a ping) before closing its connection.</summary>
    public TimeSpan ClientTimeoutInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Calls one connection may have running at once; more wait in turn.</summary>
    public int MaximumParallelInvocationsPerClient { get; set; } = 1;
}
