namespace RallyLive.Domain.Narratives;

/// <summary>
/// Every threshold and window of the counter-narrative detector. Periods are simulated time, taken from the
/// observations and ticks, never from the wall clock. The defaults are the ones measured in docs/narrative-detection.md.
/// </summary>
public sealed record NarrativeDetectionOptions
{
    /// <summary>
    /// Turns a message into the text that is compared (default: <see cref="ChatText.NormalizeDefault"/>). Meant to be
    /// replaced by the moderation text normaliser's matching form, so that homoglyphs and spacing tricks compare equal.
    /// </summary>
    public Func<string, string> Normalizer { get; init; } = ChatText.NormalizeDefault;

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
    /// Least share of the messages that may make a text narrative (and of a theme pair's messages) that must score below
    /// zero. A counter-narrative opposes. A lexicon scorer gives most chat exactly 0, so "not positive" would let a burst
    /// of neutral questions through ("how does the mini lab get power?" from twelve viewers when the demo starts); half
    /// is what a talking point written without sentiment words in a third of its wordings still clears.
    /// </summary>
    public double MinimumNegativeShare { get; init; } = 0.5;

    /// <summary>
    /// Largest share of those messages that may score above zero. Forty viewers chanting "we love you luna" are the crowd
    /// cheering (the sentiment panel shows that), and a pair of words that many viewers also use warmly ("mini"+"lab"
    /// while the demo runs) is a topic, not a claim, even when a slogan campaign uses it too. The price of both shares:
    /// a campaign worded warmly or flatly enough is missed by the text clustering (a raid is still caught by who posts).
    /// </summary>
    public double MaximumPositiveShare { get; init; } = 0.2;

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
