namespace RallyLive.Domain.Narratives;

/// <summary>
/// Two content words used in one message, tracked as a possible talking point: its messages in the cluster window and
/// a baseline of how often it was used before, as an exponentially decaying count (value, last update) so that memory
/// does not depend on the message rate.
/// </summary>
internal sealed class ThemePair(string key)
{
    /// <summary>A decayed count below which a use is forgotten.</summary>
    private const double Negligible = 0.05;

    private readonly Queue<TextMessage> _messages = new();
    private readonly Dictionary<string, int> _viewerCounts = new(StringComparer.Ordinal);
    private double _baseline;
    private DateTimeOffset _baselineAt;
    private double _crowdUses;
    private DateTimeOffset _crowdUsesAt;

    public string Key => key;

    /// <summary>The alphabetically first word of the pair.</summary>
    public string First { get; } = key[..key.IndexOf(' ', StringComparison.Ordinal)];

    public string Second { get; } = key[(key.IndexOf(' ', StringComparison.Ordinal) + 1)..];

    public IEnumerable<TextMessage> Messages => _messages;

    public int DistinctViewers => _viewerCounts.Count;

    public bool IsEmpty => _messages.Count == 0;

    /// <summary>The pair's key: both words in ordinal order, separated by a space (content words never contain one).</summary>
    public static string KeyOf(string a, string b) => string.CompareOrdinal(a, b) < 0 ? $"{a} {b}" : $"{b} {a}";

    /// <summary>The two words of the pair with this key.</summary>
    public static string[] WordsOf(string key) => key.Split(' ');

    /// <summary>Whether the pair with this key has <paramref name="word"/> as one of its two words.</summary>
    public static bool Contains(string key, string word) =>
        key.Length > word.Length
        && ((key.StartsWith(word, StringComparison.Ordinal) && key[word.Length] == ' ')
            || (key.EndsWith(word, StringComparison.Ordinal) && key[^(word.Length + 1)] == ' '));

    public void Add(TextMessage message)
    {
        _messages.Enqueue(message);
        _viewerCounts[message.Observation.ViewerId] = _viewerCounts.GetValueOrDefault(message.Observation.ViewerId) + 1;
    }

    /// <summary>Moves the oldest message, which must be <paramref name="message"/>, out of the window and into the baseline.</summary>
    public void RemoveOldest(TextMessage message, TimeSpan timeConstant)
    {
        if (!ReferenceEquals(_messages.Dequeue(), message))
        {
            throw new InvalidOperationException("Pair messages must leave in the order they arrived.");
        }

        var viewerId = message.Observation.ViewerId;
        if (--_viewerCounts[viewerId] == 0)
        {
            _viewerCounts.Remove(viewerId);
        }

        _baseline = BaselineAt(message.At, timeConstant) + 1;
        _baselineAt = message.At;
        if (message.IsFree)
        {
            _crowdUses = Decayed(_crowdUses, _crowdUsesAt, message.At, timeConstant) + 1;
            _crowdUsesAt = message.At;
        }
    }

    /// <summary>
    /// The baseline's expected uses in one window: a steady rate r gives a decayed count of about r x τ, so r x window is
    /// the count times window / τ.
    /// </summary>
    public double ExpectedInWindow(DateTimeOffset now, TimeSpan window, TimeSpan timeConstant) =>
        BaselineAt(now, timeConstant) * (window / timeConstant);

    /// <summary>True when the pair has nothing in its window and a baseline too small to matter: it can be forgotten.</summary>
    public bool IsNegligible(DateTimeOffset now, TimeSpan timeConstant) => IsEmpty && BaselineAt(now, timeConstant) < Negligible;

    /// <summary>
    /// True when messages that no narrative took have used the pair before its current window, recently enough to be
    /// remembered: the crowd's own words ("team" and "anyway" in "the team played badly all season anyway"), whatever a
    /// campaign also does with them. Only messages no narrative took count, so a campaign's own earlier messages leaving
    /// the window do not make its pairs look like the crowd's.
    /// </summary>
    public bool IsCrowdPair(DateTimeOffset now, TimeSpan timeConstant) => Decayed(_crowdUses, _crowdUsesAt, now, timeConstant) >= Negligible;

    private double BaselineAt(DateTimeOffset at, TimeSpan timeConstant) => Decayed(_baseline, _baselineAt, at, timeConstant);

    private static double Decayed(double count, DateTimeOffset since, DateTimeOffset at, TimeSpan timeConstant) =>
        count == 0 ? 0 : count * Math.Exp(-Math.Max(0, (at - since) / timeConstant));
}
