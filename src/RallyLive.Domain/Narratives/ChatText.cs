using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace RallyLive.Domain.Narratives;

/// <summary>
/// The text handling the detector needs, as pure functions: the default normaliser and the content words of a message
/// (what paraphrases of one claim have in common once the grammar is taken away).
/// </summary>
public static class ChatText
{
    /// <summary>
    /// Words that carry no claim: English function words and the fillers of chat. Removing them is what lets
    /// "he was paid to switch sides" and "they paid him to switch sides" share exactly their content.
    /// </summary>
    private static readonly FrozenSet<string> StopWords = FrozenSet.ToFrozenSet(
    [
        "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because",
        "been", "before", "being", "but", "by", "can", "cant", "could", "did", "didnt", "do", "does", "doesnt", "doing",
        "dont", "for", "from", "get", "gets", "got", "had", "has", "have", "he", "her", "here", "hers", "him", "his",
        "how", "i", "if", "im", "in", "into", "is", "isnt", "it", "its", "ive", "just", "let", "lets", "me", "more",
        "most", "much", "my", "no", "not", "now", "of", "off", "on", "one", "only", "or", "our", "out", "over", "own",
        "really", "same", "she", "shes", "should", "so", "some", "such", "than", "that", "thats", "the", "their",
        "them", "then", "there", "these", "they", "theyre", "this", "those", "through", "to", "too", "up", "us",
        "very", "was", "wasnt", "way", "we", "were", "what", "whats", "when", "where", "which", "while", "who", "whos",
        "why", "will", "with", "wont", "would", "you", "your", "youre", "yours",
        "lol", "lmao", "omg", "yes", "yeah", "yep", "yess", "yesss", "nope", "ok", "okay", "like", "pls", "please",
        "tbh", "imo", "idk", "btw", "fyi", "guys", "ppl", "people", "thing", "things", "gonna", "wanna", "gotta",
        "even", "still", "right", "know", "think", "said", "say", "says", "see", "look", "make", "made",
    ]);

    /// <summary>
    /// The vocabulary of generic crowd cheers ("keep going!", "love this", "let's go", "well said", "so proud of you"):
    /// words any crowd repeats at every applause line, which say that it approves, not what it claims. They count as no
    /// content, so that a cheer, however many viewers write it at once, never has the two content words that text
    /// clustering asks for. Words of a claim ("bankrupt", "contract", "whales") are never in it.
    /// </summary>
    private static readonly FrozenSet<string> CrowdWords = FrozenSet.ToFrozenSet(
    [
        "love", "loving", "loved", "keep", "keeps", "going", "come", "lets", "letsgo", "gooo", "goooo", "yay", "woo", "woohoo",
        "great", "amazing", "awesome", "best", "good", "nice", "cool", "wow", "well", "said", "point", "speech", "exactly",
        "true", "facts", "preach", "agree", "thank", "thanks", "thankyou", "proud", "chills", "louder", "crowd", "goo", "yess",
        "bravo", "hell", "yes", "fire", "legend", "queen", "king", "goat", "hype", "vibes", "alright", "okay", "beautiful",
        "incredible", "perfect", "perfectly", "brilliant", "powerful", "strong", "heart", "wonderful", "haha", "hahaha", "lmao",
        "lol", "omg", "ngl", "honestly", "literally", "totally", "absolutely", "definitely", "seriously", "truly", "much",
        "many", "today", "tonight", "here", "there", "hello", "hey", "hiya", "everybody", "chat", "hii",
    ]);

    /// <summary>Irregular forms worth folding: talking points are written in every tense ("paid", "pays", "pay").</summary>
    private static readonly FrozenDictionary<string, string> IrregularForms = new Dictionary<string, string>
    {
        ["paid"] = "pay", ["bought"] = "buy", ["sold"] = "sell", ["lied"] = "lie", ["lies"] = "lie", ["lying"] = "lie",
        ["took"] = "take", ["taken"] = "take", ["hid"] = "hide", ["hidden"] = "hide", ["knew"] = "know",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// The default normaliser: compatibility-folded (fullwidth and styled letters become plain ones) with accents removed,
    /// lower-cased invariantly, apostrophes dropped ("don't" → "dont"), every other character that is not a letter or a
    /// digit (punctuation, symbols, emoji) turned into a space, and runs of spaces collapsed.
    /// </summary>
    public static string NormalizeDefault(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var folded = text.Normalize(NormalizationForm.FormKD);
        var builder = new StringBuilder(folded.Length);
        var pendingSpace = false;
        foreach (var c in folded)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark || c is '\'' or '\u2019' or '\u02BC')
            {
                continue;
            }

            if (!char.IsLetterOrDigit(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    /// <summary>
    /// The distinct content words of an already normalised text, in order of first appearance, at most
    /// <paramref name="maximum"/>: words of three or more characters that are not stop words, generic crowd words
    /// (see <see cref="CrowdWords"/>) or plain numbers, each reduced by <see cref="Stem"/>.
    /// </summary>
    public static IReadOnlyList<string> ContentWords(string normalizedText, int maximum)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);
        var words = new List<string>();
        foreach (var token in normalizedText.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (words.Count == maximum)
            {
                break;
            }

            if (token.Length < 3 || StopWords.Contains(token) || CrowdWords.Contains(token) || token.All(char.IsDigit))
            {
                continue;
            }

            var stem = Stem(token);
            if (stem.Length >= 3 && !StopWords.Contains(stem) && !CrowdWords.Contains(stem) && !words.Contains(stem))
            {
                words.Add(stem);
            }
        }

        return words;
    }

    /// <summary>
    /// A deliberately light stemmer (a few irregular verbs, then -ing, -ed, -es, -s): enough to make "switched",
    /// "switching" and "switches" one word without the surprises of a full Porter stemmer on chat spelling.
    /// </summary>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (IrregularForms.TryGetValue(word, out var irregular))
        {
            return irregular;
        }

        if (word.Length > 5 && word.EndsWith("ing", StringComparison.Ordinal))
        {
            return word[..^3];
        }

        if (word.Length > 4 && word.EndsWith("ed", StringComparison.Ordinal))
        {
            return word[..^2];
        }

        if (word.Length > 4 && word.EndsWith("es", StringComparison.Ordinal) && word[..^2] is var stem
            && (stem.EndsWith("ch", StringComparison.Ordinal) || stem.EndsWith("sh", StringComparison.Ordinal) || stem.EndsWith('x')))
        {
            return stem;
        }

        return word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) ? word[..^1] : word;
    }
}
