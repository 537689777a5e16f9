using RallyLive.Domain.Moderation;

namespace RallyLive.Domain.Narratives;

/// <summary>
/// Every threshold and window of the counter-narrative detector. Periods are simulated time, taken from the
/// observations and ticks, never from the wall clock. The defaults are the ones measured in docs/narrative-detection.md.
/// </summary>
public sealed record NarrativeDetectionOptions
{
    /// <summary>
    /// Turns a message into the text that is compared. The default is the moderation matching skeleton
    /// (<see cref="TextNormalizer.ForMatching(string)"/>), so that the variants of a copypasta compare equal: case,
    /// leetspeak digits and symbols, look-alike letters of other scripts, invisible characters, letters spaced or dotted
    /// apart, stretched letters, punctuation. <see cref="ChatText.NormalizeDefault"/> is the lighter alternative.
    /// </summary>
    public Func<string, string> Normalizer { get; init; } = TextNormalizer.ForMatching;

    /// <summary>
    /// The window in which a text cluster must gather its distinct viewers, and how long a message stays in the
    /// near-duplicate index and in the theme counts. Coordinated campaigns land within a minute; organic agreement spreads out.
    /// </summary>
    public TimeSpan ClusterWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Fewest distinct viewers within <see cref="ClusterWindow"/> that make a text narrative. One viewer posting the same
    /// line forty times is a flood, for moderation; eight different accounts saying it within a minute is a campaign.
    /// </summary>
    public int MinimumDistinctViewers { get; init; } = 8;

    /// <summary>
    /// Fewest content words (see <see cref="ChatText.ContentWords"/>) a message needs to take part in text clustering.
    /// "yes!!", "love this" and "LUNA!!!" carry no claim and every crowd repeats them: they never make a narrative.
    /// </summary>
    public int MinimumContentWords { get; init; } = 2;

    /// <summary>Content words kept per message (the first ones), which bounds the theme pairs per message to n(n-1)/2.</summary>
    public int MaximumContentWords { get; init; } = 10;

    /// <summary>
    /// Least share of a candidate's accounts that have written nothing else lately (within <see cref="ViewerMemory"/>,
    /// apart from what narratives already took) for the candidate to be a campaign. Accounts of a campaign exist to post
    /// its line; viewers who repeat a cheer or a chant, ask the same question or complain that the sound is gone also chat.
    /// This, not sentiment, is what separates the two: a campaign is recognised whatever its wording's sentiment.
    /// </summary>
    public double MinimumDedicatedShare { get; init; } = 0.67;

    /// <summary>
    /// How long after its first message the detector is warming up, raising no text narrative (raids and surges are not
    /// affected). The rally's vocabulary (the pairs' baselines) and its viewers' habits (<see cref="ViewerActivity"/>) are
    /// unknown at first, when every chant is new and every viewer has written nothing else: fresh viewers repeating the
    /// line of the moment look exactly like a campaign's accounts. A campaign that goes on past the warm-up is raised then.
    /// </summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long the detector remembers what a viewer wrote (see <see cref="MinimumDedicatedShare"/>); a viewer silent this long is forgotten.</summary>
    public TimeSpan ViewerMemory { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The share of a narrative's messages that must score below zero, with at most a third of that share above zero, for
    /// its <see cref="Narrative.Stance"/> to be <see cref="NarrativeStance.Opposes"/> (and the other way round for
    /// <see cref="NarrativeStance.Supports"/>); otherwise it is <see cref="NarrativeStance.Neutral"/>. An attribute only.
    /// </summary>
    public double StanceShare { get; init; } = 0.5;

    /// <summary>
    /// Estimated Jaccard similarity of character trigrams at or above which two messages are near-duplicates. 0.5 keeps
    /// "the mini-lab is unsafe" with "fyi the minilab is unsafe" (0.65) and "seriously, the MINI-LAB is unsafe #unsafe"
    /// (0.63). Organic lines on the same subject come close ("is the mini lab certified?" is 0.39), so a message between
    /// this and <see cref="SingleMatchSimilarity"/> joins a cluster only through two of its members.
    /// </summary>
    public double NearDuplicateSimilarity { get; init; } = 0.5;

    /// <summary>
    /// Estimated similarity at which one matching member is enough to join a cluster. The estimate's standard error is
    /// about 0.05 with 100 hash functions, so an organic line at 0.39 practically never reaches 0.65.
    /// </summary>
    public double SingleMatchSimilarity { get; init; } = 0.65;

    /// <summary>MinHash signature and LSH banding for the near-duplicate index.</summary>
    public MinHashOptions MinHash { get; init; } = new();

    /// <summary>
    /// Time constant of each theme pair's baseline (an exponentially decaying count of its past uses). A pair of words a
    /// crowd always uses together ("dental care") builds a baseline; a talking point appears from nothing.
    /// </summary>
    public TimeSpan ThemeBaselineTimeConstant { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A theme pair counts (is "warm") only when its distinct viewers in the window are at least this many times its baseline.</summary>
    public double ThemeBurstRatio { get; init; } = 3;

    /// <summary>
    /// Fewest distinct viewers a pair of content words needs in the window to count towards a theme. The warm pairs of a
    /// message, taken together, make the candidate theme ("paid"+"switch", "switch"+"sides", "paid"+"sides"), so the
    /// wordings of one talking point add up before any single pair has <see cref="MinimumDistinctViewers"/>.
    /// </summary>
    public int ThemePairMinimumViewers { get; init; } = 3;

    /// <summary>Most word pairs a paraphrase narrative gathers as its wordings spread; bounds its drift into organic topics.</summary>
    public int MaximumThemePairs { get; init; } = 16;

    /// <summary>Raid detection.</summary>
    public RaidDetectionOptions Raid { get; init; } = new();

    /// <summary>Opposing sentiment surge detection.</summary>
    public SentimentSurgeOptions Surge { get; init; } = new();

    /// <summary>The trend compares a narrative's messages in the last window of this length with the window before.</summary>
    public TimeSpan TrendWindow { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Rising when the last window has more than this many times the messages of the one before.</summary>
    public double RisingRatio { get; init; } = 1.5;

    /// <summary>Falling when the last window has fewer than this many times the messages of the one before (or none).</summary>
    public double FallingRatio { get; init; } = 0.67;

    /// <summary>A narrative with no new message for this long is reported expired and forgotten by the detector.</summary>
    public TimeSpan NarrativeIdleExpiry { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Sample messages per narrative.</summary>
    public int SampleCount { get; init; } = 5;

    /// <summary>
    /// Signatures a near-duplicate narrative keeps after its messages leave the index, so that the same slogan posted
    /// again after a lull joins it instead of raising a second narrative.
    /// </summary>
    public int ExemplarCount { get; init; } = 8;
}
