using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace RallyLive.Domain.Sentiment;

/// <summary>
/// Scores the sentiment of one chat message in [-1, 1], in the spirit of VADER (Hutto and Gilbert, 2014): each word or
/// emoji in the lexicon contributes its valence, made larger by intensifiers ("very", "so"), smaller by dampeners
/// ("kinda"), larger by ALL CAPS among lower-case words, reversed and weakened by a negation ("not great") up to
/// <see cref="ModifierWindow"/> words before it; after a "but", what follows counts more than what precedes.
/// Exclamation marks then strengthen the sum, which is squashed into [-1, 1] by x / √(x² + <see cref="NormalizationAlpha"/>).
/// Text with no sentiment word scores 0. Immutable and thread-safe.
/// </summary>
public sealed class ChatSentimentScorer
{
    /// <summary>VADER's normalisation constant: one strong word (4) scores about 0.72, and no sum reaches ±1.</summary>
    public const double NormalizationAlpha = 15;

    /// <summary>How many words before a sentiment word a negation or modifier reaches; punctuation between them ends the reach.</summary>
    public const int ModifierWindow = 3;

    /// <summary>Largest size of a valence in an extra lexicon, the top of VADER's scale.</summary>
    public const double MaxValence = 4;

    /// <summary>Factor on a negated valence: it reverses and weakens it, since "not great" is milder than "terrible" (VADER's -0.74).</summary>
    private const double NegationFactor = -0.74;

    /// <summary>Added to the size of a shouted word among lower-case ones (VADER's 0.733).</summary>
    private const double ShoutIncrement = 0.733;

    /// <summary>Added to the size of the sum per exclamation mark, up to <see cref="MaxCountedExclamations"/> (VADER's 0.292).</summary>
    private const double ExclamationIncrement = 0.292;

    private const int MaxCountedExclamations = 4;

    /// <summary>Weights of sentiment before and after the first "but": "great speech but boring" leans negative.</summary>
    private const double BeforeButFactor = 0.5, AfterButFactor = 1.5;

    /// <summary>A modifier two or three words away counts a little less than one right before the word.</summary>
    private static readonly double[] ModifierDecayByDistance = [1.0, 0.95, 0.9];

    private readonly FrozenDictionary<string, double> _valences;

    /// <summary>A scorer with the built-in lexicon only.</summary>
    public static ChatSentimentScorer Default { get; } = new();

    /// <summary>Creates a scorer with the built-in lexicon only.</summary>
    public ChatSentimentScorer()
        : this(new Dictionary<string, double>())
    {
    }

    /// <summary>
    /// Creates a scorer with the built-in lexicon plus <paramref name="extraLexicon"/>: a rally's own words or emoji
    /// (its candidate's name, its slogans, its opponents' nicknames), each with a valence in
    /// [-<see cref="MaxValence"/>, <see cref="MaxValence"/>]. An extra entry overrides a built-in one.
    /// </summary>
    /// <exception cref="ArgumentException">A key is not exactly one word or one emoji.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A valence is not a number within the scale.</exception>
    public ChatSentimentScorer(IReadOnlyDictionary<string, double> extraLexicon)
    {
        ArgumentNullException.ThrowIfNull(extraLexicon);
        var valences = new Dictionary<string, double>(ChatSentimentLexicon.Words, StringComparer.Ordinal);
        foreach (var (emoji, valence) in ChatSentimentLexicon.Emoji)
        {
            valences[emoji] = valence;
        }

        foreach (var (key, valence) in extraLexicon)
        {
            if (!double.IsFinite(valence) || Math.Abs(valence) > MaxValence)
            {
                throw new ArgumentOutOfRangeException(nameof(extraLexicon), valence, $"The valence of \"{key}\" must be within [-{MaxValence}, {MaxValence}].");
            }

            // The key goes through the same tokeniser as messages, so "LOVE" and "❤️" are stored as they will be looked up.
            var tokens = Tokenize(key).Tokens;
            if (tokens.Count != 1)
            {
                throw new ArgumentException($"\"{key}\" is not one word or one emoji.", nameof(extraLexicon));
            }

            valences[tokens[0].Text] = valence;
        }

        _valences = valences.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Returns the sentiment of <paramref name="text"/> in [-1, 1]: negative is hostile, positive supportive, 0 neutral or unknown.</summary>
    public double Score(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (tokens, exclamations) = Tokenize(text);
        var words = tokens.Select(token => token with { Text = Known(token.Text) }).ToList();
        var shoutingStandsOut = words.Any(word => word.IsShouted) && words.Any(word => word.HasLowerCase);
        var but = words.FindIndex(word => word.Text == "but");
        var sum = 0.0;
        for (var i = 0; i < words.Count; i++)
        {
            var weight = but < 0 || i == but ? 1 : i < but ? BeforeButFactor : AfterButFactor;
            sum += weight * Valence(words, i, shoutingStandsOut);
        }

        sum += Math.Sign(sum) * Math.Min(exclamations, MaxCountedExclamations) * ExclamationIncrement;
        return Math.Clamp(sum / Math.Sqrt((sum * sum) + NormalizationAlpha), -1, 1);
    }

    private double Valence(List<Token> words, int index, bool shoutingStandsOut)
    {
        var word = words[index];
        if (!_valences.TryGetValue(word.Text, out var valence)
            || (ChatSentimentLexicon.IsNegator(word.Text) && index + 1 < words.Count && IsNegatable(words[index + 1])))
        {
            // "no" is a negative word alone ("no!", "no, great") but only a negation right before another sentiment word ("no hope").
            return 0;
        }

        // Emphasis changes the size of a valence, never its direction: "barely slightly ok" is weakly positive at worst.
        var size = Math.Abs(valence) + (word.IsShouted && shoutingStandsOut ? ShoutIncrement : 0);
        var negated = false;
        for (var distance = 1; distance <= ModifierWindow && index - distance >= 0; distance++)
        {
            if (words[index - distance + 1].StartsClause)
            {
                break;
            }

            var before = words[index - distance];
            if (ChatSentimentLexicon.Modifiers.TryGetValue(before.Text, out var increment))
            {
                var shout = before.IsShouted && shoutingStandsOut ? Math.Sign(increment) * ShoutIncrement : 0;
                size += (increment * ModifierDecayByDistance[distance - 1]) + shout;
            }

            // A repeated "no no no" is emphasis, not a double negation.
            negated |= ChatSentimentLexicon.IsNegator(before.Text) && !ChatSentimentLexicon.IsNegator(word.Text);
        }

        valence = Math.Sign(valence) * Math.Max(size, 0);
        return negated ? valence * NegationFactor : valence;
    }

    private bool IsNegatable(Token token) =>
        !token.StartsClause && _valences.ContainsKey(token.Text) && !ChatSentimentLexicon.IsNegator(token.Text);

    /// <summary>The form of a word the lexicons know: stretched words ("loooove", "soooo") are tried with runs cut to two letters, then one.</summary>
    private string Known(string word)
    {
        if (IsKnown(word))
        {
            return word;
        }

        var twice = CollapseRuns(word, 2);
        if (IsKnown(twice))
        {
            return twice;
        }

        var once = CollapseRuns(word, 1);
        return IsKnown(once) ? once : word;
    }

    private bool IsKnown(string word) =>
        _valences.ContainsKey(word) || ChatSentimentLexicon.Modifiers.ContainsKey(word) || ChatSentimentLexicon.IsNegator(word);

    /// <summary>A word (lower case) or an emoji of a message, with how it was written.</summary>
    private readonly record struct Token(string Text, bool IsShouted, bool HasLowerCase, bool StartsClause);

    /// <summary>
    /// Splits text into words (letters and digits, with apostrophes and combining marks inside) and emoji (one token
    /// per pictograph; skin tones, joiners and variation selectors are skipped), counts exclamation marks and notes
    /// which tokens follow clause punctuation. Kept apart from the moderation normaliser on purpose: sentiment wants
    /// "NOT" and "!!!" as written, moderation wants them folded away.
    /// </summary>
    private static (List<Token> Tokens, int Exclamations) Tokenize(string text)
    {
        var tokens = new List<Token>();
        var word = new StringBuilder();
        var exclamations = 0;
        var clauseBreak = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune) || (word.Length > 0 && (IsMarkInWord(rune) || rune.Value is '\'' or '\u2019')))
            {
                word.Append(rune.Value == '\u2019' ? "'" : rune.ToString());
                continue;
            }

            AddWord();
            if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.OtherSymbol)
            {
                tokens.Add(new Token(rune.ToString(), IsShouted: false, HasLowerCase: false, clauseBreak));
                clauseBreak = false;
            }

            exclamations += rune.Value == '!' ? 1 : 0;
            clauseBreak |= rune.Value is '.' or ',' or ';' or ':' or '!' or '?' or '\u2026';
        }

        AddWord();
        return (tokens, exclamations);

        void AddWord()
        {
            var raw = word.ToString().TrimEnd('\'');
            word.Clear();
            if (raw.Length == 0)
            {
                return;
            }

            var hasLowerCase = raw.Any(char.IsLower);
            var isShouted = !hasLowerCase && raw.Count(char.IsUpper) >= 2;
            tokens.Add(new Token(raw.ToLowerInvariant(), isShouted, hasLowerCase, clauseBreak));
            clauseBreak = false;
        }
    }

    /// <summary>Combining marks continue a word; variation selectors do not, as they only choose how an emoji is drawn.</summary>
    private static bool IsMarkInWord(Rune rune) =>
        rune.Value is not (>= 0xFE00 and <= 0xFE0F)
        && Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    /// <summary>Shortens every run of one character longer than <paramref name="max"/> to <paramref name="max"/>.</summary>
    private static string CollapseRuns(string word, int max)
    {
        var builder = new StringBuilder(word.Length);
        var run = 0;
        for (var i = 0; i < word.Length; i++)
        {
            run = i > 0 && word[i] == word[i - 1] ? run + 1 : 1;
            if (run <= max)
            {
                builder.Append(word[i]);
            }
        }

        return builder.ToString();
    }
}
