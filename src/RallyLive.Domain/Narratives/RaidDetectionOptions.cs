namespace RallyLive.Domain.Narratives;

/// <summary>Thresholds and windows of the raid detector. Every period is simulated time, taken from the observations.</summary>
public sealed record RaidDetectionOptions
{
    /// <summary>
    /// A viewer's first message makes them a new chatter only if it comes within this long of joining the stream. A raider
    /// chats within seconds of arriving; an audience pouring in at the start of a rally mostly watches a while first, so a
    /// short age is what tells the two apart (at 60 s, the warm-up of one synthetic rally gave 15 new chatters in 10 s).
    /// </summary>
    public TimeSpan NewViewerAge { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The short window in which new chatters (new viewers posting their first message) are counted.</summary>
    public TimeSpan BurstWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Fewest new chatters within <see cref="BurstWindow"/> that make a raid. An audience trickling in (even a busy
    /// stream's hundreds of arrivals over minutes) gives a few per window; a raid arrives as one crowd.
    /// </summary>
    public int MinimumNewChatters { get; init; } = 15;

    /// <summary>
    /// Raiders arrive together: a new chatter counts towards a raid, and is taken into one, only when they joined the
    /// stream within this long of another new chatter of the burst (or of the raid's viewers). An ordinary newcomer who
    /// happens to chat in the same seconds joined on their own, seconds away from anyone else; a raid of the fewest new
    /// chatters this detector accepts (<see cref="MinimumNewChatters"/> within <see cref="BurstWindow"/>) joins one every
    /// 0.67 s on average, and one that moves an audience across at once many times faster.
    /// </summary>
    public TimeSpan ArrivalGap { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The burst must also be at least this many times the stream's usual new chatters per window.</summary>
    public double MinimumBaselineRatio { get; init; } = 3;

    /// <summary>How far back the usual rate of new chatters is measured (excluding the burst window itself).</summary>
    public TimeSpan BaselineWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A raid is an arrival on top of an audience, so a burst is a raid only when the stream's audience had settled: among
    /// its chatters of the <see cref="BaselineWindow"/> (the raiders of an earlier raid and the chatters of the burst
    /// window aside), at least this share had been watching longer than <see cref="NewViewerAge"/> when they chatted. While
    /// a stream's chat is beginning its audience is arriving, nearly all its chatters are newcomers, and a burst of them is
    /// more of the audience: with no such share, three of twenty generated rallies raised their audience's first greetings
    /// as a raid 28 to 41 s into a stream. A stream with no chat before the burst has no audience to tell it from: a burst
    /// there is a raid. 0 turns the rule off.
    /// </summary>
    public double MinimumSettledShare { get; init; } = 0.5;

    /// <summary>A raid ends when none of its viewers has chatted for this long; a later burst is a new raid.</summary>
    public TimeSpan IdleExpiry { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A raid ends this long after its first message at the latest: a raid is an arrival, and raiders who stay become
    /// part of the audience. It also bounds how much of an ordinary newcomer's chat is attributed to a raid they happened
    /// to arrive in.
    /// </summary>
    public TimeSpan MaximumDuration { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How many sample messages a raid signal carries.</summary>
    public int SampleCount { get; init; } = 5;
}
