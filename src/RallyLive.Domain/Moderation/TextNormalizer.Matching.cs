using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace RallyLive.Domain.Moderation;

/// <summary>The matching skeleton: the lossy half of <see cref="TextNormalizer"/>.</summary>
public static partial class TextNormalizer
{
    /// <summary>Longest run of one repeated character a skeleton keeps: "freeeee" becomes "free", while "free" and "good" survive.</summary>
    public const int MaxRepeatedCharacters = 2;

    /// <summary>Fewest one-letter words in a row that a skeleton joins into one word ("f r e e"); two would also join "i a".</summary>
    public const int MinSpacedLetters = 3;

    /// <summary>
    /// Longest run of one character the readings for blocked terms keep: one more than a skeleton's, so that a letter
    /// written three times or more ("scammerrrs") can be told from one spelled double ("assess").
    /// </summary>
    internal const int StretchedRun = MaxRepeatedCharacters + 1;

    /// <summary>The one-letter words of English, which may stand before a word spelled out in spaced letters ("a s c a m").</summary>
    private static readonly string[] OneLetterWords = ["a", "i"];

    /// <summary>
    /// Characters people swap in to dodge a filter, each mapped to the Latin letter it imitates: each row pairs a string
    /// of look-alikes with the letters they imitate, position by position. Capitals are listed where they imitate a
    /// different letter than their lower case does (Greek Η looks like H, η like n); other capitals are lower-cased first
    /// and then mapped. Fullwidth and styled letters need no row: NFKC has already made them ASCII.
    /// </summary>
    private static readonly FrozenDictionary<char, char> Confusables = ConfusableTable(
    [
        // Cyrillic: а в е к м н о р с т у х і ј ѕ ԁ ԛ ԝ ӏ һ ү
        ("авекмнорстухіјѕԁԛԝӏһү", "abekmhopctyxijsdqwlhy"),

        // Cyrillic capitals unlike their lower case: В Н М Т К
        ("ВНМТК", "bhmtk"),

        // Greek: α β ε ι κ ν ο ρ τ υ χ η ω
        ("αβεικνορτυχηω", "abeikvoptuxnw"),

        // Greek capitals: Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ
        ("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "abezhikmnoptyx"),

        // Latin dotless i
        ("ı", "i"),

        // Leetspeak digits and symbols
        ("013457@$", "oieastas"),
    ]);

    /// <summary>
    /// Returns the matching skeleton of <paramref name="text"/>: lower-case words of letters and digits separated by
    /// single spaces, such that the usual disguises of a word all give the same skeleton ("FREE", "frее" with a Cyrillic
    /// е, "fr" + U+200B + "ee" with a zero-width space, "ｆｒｅｅ", "fréé", "fr33", "freeeee", "f r e e", "f.r.e.e" all give "free").
    /// In order:
    /// <list type="number">
    /// <item><see cref="Clean"/>;</item>
    /// <item>NFD, then every combining mark is removed ("fréé" → "free");</item>
    /// <item>look-alikes become the Latin letter they imitate (see <see cref="Confusables"/>) and everything is lower-cased invariantly;</item>
    /// <item>letters and digits form words; everything else (spaces, punctuation, emoji) separates them;</item>
    /// <item>words separated by a single punctuation character join ("f.r.e.e", "fr-ee", "don't" → "free", "free", "dont");</item>
    /// <item>at least <see cref="MinSpacedLetters"/> one-letter words separated by single characters join ("f r e e" → "free");</item>
    /// <item>runs of one character longer than <see cref="MaxRepeatedCharacters"/> shrink to it ("freeeee" → "free").
    /// Shrinking further would make "free" and "fre" the same, so <see cref="BlockedTermMatcher"/> treats longer letters
    /// in a message as a stretched term instead ("frreee" still matches "free").</item>
    /// </list>
    /// </summary>
    public static string ForMatching(string text) => Join(Words(text), acrossPunctuation: true);

    /// <summary>
    /// Both skeletons of <paramref name="text"/>: joined across single punctuation (as <see cref="ForMatching(string)"/>),
    /// and split at it, so "free-for-all" can be read as one word or as three.
    /// </summary>
    internal static (string AcrossPunctuation, string AtPunctuation) ForMatchingBothWays(string text)
    {
        var words = Words(text);
        return (Join(words, acrossPunctuation: true), Join(words, acrossPunctuation: false));
    }

    /// <summary>
    /// Every reading of <paramref name="text"/> a blocked term is looked for in, each once, with runs of one character kept
    /// up to <see cref="StretchedRun"/> long: the two of <see cref="ForMatchingBothWays"/>, and one that reads a lone word
    /// before spaced letters as a word. In it spaced letters join only while they are spaced alike, so that in
    /// "is a s.c.a.m" the word "a" stays a word and "s.c.a.m" reads "scam" rather than "ascam"; and a run of letters all
    /// spaced apart that starts with a one-letter word of English ("a", "i") keeps that letter as a word when at least
    /// <see cref="MinSpacedLetters"/> letters follow it, so "what a s c a m" also reads "what a scam". Shorter runs stay
    /// joined only ("i a m" reads "iam", "a b c" reads "abc"), and a letter that is not a word is never split off
    /// ("b a s s" reads "bass", never "b ass").
    /// </summary>
    internal static IReadOnlyList<string> ReadingsForMatching(string text)
    {
        var words = Words(text);
        return new[]
        {
            Join(words, acrossPunctuation: true, longestRun: StretchedRun),
            Join(words, acrossPunctuation: false, longestRun: StretchedRun),
            Join(words, acrossPunctuation: true, spacedAlike: true, longestRun: StretchedRun),
        }.Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>A word of the folded text and the separator before it: its length in code points and whether it holds a space.</summary>
    private readonly record struct Word(string Text, int Length, int GapLength, bool GapHasSpace);

    private static List<Word> Words(string text)
    {
        var words = new List<Word>();
        var word = new StringBuilder();
        int wordLength = 0, gapLength = 0;
        var gapHasSpace = false;
        foreach (var rune in Fold(Clean(text)).EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                word.Append(rune.ToString());
                wordLength++;
                continue;
            }

            if (wordLength > 0)
            {
                words.Add(new Word(word.ToString(), wordLength, gapLength, gapHasSpace));
                word.Clear();
                wordLength = 0;
                gapLength = 0;
                gapHasSpace = false;
            }

            gapLength++;
            gapHasSpace |= rune.Value == ' ';
        }

        if (wordLength > 0)
        {
            words.Add(new Word(word.ToString(), wordLength, gapLength, gapHasSpace));
        }

        return words;
    }

    /// <summary>Removes combining marks, maps look-alikes to Latin and lower-cases.</summary>
    private static string Fold(string cleaned)
    {
        var decomposed = cleaned.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var rune in decomposed.EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
                or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            // Capitals are looked up before lower-casing because some imitate another letter than their lower case does.
            if (rune.IsBmp && Confusables.TryGetValue((char)rune.Value, out var latin))
            {
                builder.Append(latin);
                continue;
            }

            var lower = Rune.ToLowerInvariant(rune);
            builder.Append(lower.IsBmp && Confusables.TryGetValue((char)lower.Value, out latin) ? latin.ToString() : lower.ToString());
        }

        return builder.ToString();
    }

    /// <summary>
    /// Writes the words as a skeleton: joined across single punctuation or not, with runs of spaced letters joined (with
    /// <paramref name="spacedAlike"/>, only while the letters keep one kind of separator: all spaces, or all punctuation,
    /// and not the one-letter word that starts a run spaced with spaces, when enough letters follow it), and runs of one
    /// character at most <paramref name="longestRun"/> long.
    /// </summary>
    private static string Join(List<Word> words, bool acrossPunctuation, bool spacedAlike = false, int longestRun = MaxRepeatedCharacters)
    {
        var joinsPrevious = new bool[words.Count];
        for (var i = 1; i < words.Count; i++)
        {
            joinsPrevious[i] = acrossPunctuation && words[i].GapLength == 1 && !words[i].GapHasSpace;
        }

        for (var start = 0; start < words.Count;)
        {
            if (spacedAlike && start > 0 && joinsPrevious[start] && words[start - 1].Length > 1)
            {
                // "it's a s c a m": a letter joined to a word by one punctuation mark ends that word; it begins no spaced letters.
                start++;
                continue;
            }

            var end = start;
            var changedSeparator = false;
            while (words[end].Length == 1 && end + 1 < words.Count && words[end + 1].Length == 1 && words[end + 1].GapLength == 1)
            {
                if (spacedAlike && end > start && words[end + 1].GapHasSpace != words[start + 1].GapHasSpace)
                {
                    changedSeparator = true;
                    break;
                }

                end++;
            }

            if (end - start + 1 >= MinSpacedLetters)
            {
                // "a s c a m": the article stays a word and the letters after it join ("a scam").
                var keepsFirstAsWord = spacedAlike && end - start >= MinSpacedLetters && words[start + 1].GapHasSpace
                    && OneLetterWords.Contains(words[start].Text, StringComparer.Ordinal);
                var first = keepsFirstAsWord ? start + 2 : start + 1;
                Array.Fill(joinsPrevious, true, first, end - first + 1);
            }

            // A letter where the separator changed may begin the next run ("a s.c.a.m": "s" begins "scam").
            start = changedSeparator ? end : end + 1;
        }

        var builder = new StringBuilder();
        for (var i = 0; i < words.Count; i++)
        {
            if (i > 0 && !joinsPrevious[i])
            {
                builder.Append(' ');
            }

            foreach (var c in words[i].Text)
            {
                // Skip a character that would make a run longer than allowed; a space ends every run.
                if (builder.Length < longestRun || !EndsWithRun(builder, c, longestRun))
                {
                    builder.Append(c);
                }
            }
        }

        return builder.ToString();
    }

    private static FrozenDictionary<char, char> ConfusableTable((string LookAlikes, string Latin)[] rows)
    {
        var table = new Dictionary<char, char>();
        foreach (var (lookAlikes, latin) in rows)
        {
            // A row whose two strings differ in length is a typo in the table; failing at type load makes it a test failure.
            if (lookAlikes.Length != latin.Length)
            {
                throw new InvalidOperationException($"Confusable row \"{lookAlikes}\" has {lookAlikes.Length} look-alikes but {latin.Length} letters.");
            }

            for (var i = 0; i < lookAlikes.Length; i++)
            {
                table.Add(lookAlikes[i], latin[i]);
            }
        }

        return table.ToFrozenDictionary();
    }

    private static bool EndsWithRun(StringBuilder builder, char c, int longestRun)
    {
        for (var i = builder.Length - longestRun; i < builder.Length; i++)
        {
            if (builder[i] != c)
            {
                return false;
            }
        }

        return true;
    }
}
