using System.Buffers;
using System.Collections.Frozen;
using System.Text;

namespace RallyLive.Domain.Moderation;

/// <summary>
/// Finds a rally's blocked terms in chat messages however they are disguised: case, look-alike letters, accents,
/// zero-width or bidirectional characters, leetspeak, stretched letters, and letters spaced or dotted apart.
/// Terms match whole words ("free" is found in "FREE stuff", not in "freedom" or "carefree"), with the common English
/// inflections of their last word: plural, -er, -ing and -ed ("scam" also finds "scams", "scammer", "scamming", "scammed";
/// "hate" finds "hater", "hating"), but not other words that start with it ("scampi", "scamper"). A term written in double
/// quotes (<c>"ass"</c>) matches that exact word only. A term may have several words. Immutable, so one instance can
/// serve every message of a rally from any thread.
/// </summary>
/// <remarks>
/// Terms and messages are both reduced with <see cref="TextNormalizer.ForMatching(string)"/>, then written with each
/// run of a repeated letter once ("free" → "fre", remembering that the e was doubled). Every window of one up to the
/// longest term's word count is looked up in a hash table, so a message costs its word count times that longest count
/// lookups, whatever the number of terms. A window matches a term when each of its runs is at least as long as the
/// term's: "freee" matches "free", "fre" does not. Each inflection is one more form of its term in the table. The runs of
/// an inflection's ending must be exactly as written, so that "assess" is not "ass" + "es", or stretched: messages are
/// read keeping up to three of a repeated letter (<see cref="TextNormalizer.StretchedRun"/>), and a letter written three
/// times or more is a stretch, as no English ending doubles a letter twice over ("scammerrrs", "scammiiing" are found;
/// "scammerrs" is not). An innocent word stretched at the very letters of an ending ("assesss") is read as the stretched
/// inflection and found.
/// </remarks>
public sealed class BlockedTermMatcher
{
    private const char RightToLeftOverride = '\u202E';

    /// <summary>Endings added to a term's last word: plural, agent noun, present participle, past (with -e dropped before a vowel).</summary>
    private static readonly string[] Endings = ["s", "es", "er", "ers", "ing", "ed"];

    /// <summary>Characters that end the span a right-to-left override reverses: pop directional formatting, pop directional isolate, line breaks.</summary>
    private static readonly SearchValues<char> OverrideEnds = SearchValues.Create("\u202C\u2069\n\r");

    private readonly string[] _terms;
    private readonly FrozenDictionary<string, TermForm[]>.AlternateLookup<ReadOnlySpan<char>> _formsByKey;
    private readonly int _maxWords;

    /// <summary>Builds a matcher for <paramref name="blockedTerms"/>, each one or more words.</summary>
    /// <exception cref="ArgumentException">A term is null or has no letter or digit to match (for example "!!!" or an emoji alone).</exception>
    public BlockedTermMatcher(IEnumerable<string> blockedTerms)
    {
        ArgumentNullException.ThrowIfNull(blockedTerms);
        _terms = [.. blockedTerms];
        var forms = new Dictionary<string, List<TermForm>>(StringComparer.Ordinal);
        for (var index = 0; index < _terms.Length; index++)
        {
            var term = _terms[index] ?? throw new ArgumentException($"Blocked term {index} is null.", nameof(blockedTerms));
            var exactWordOnly = term.Length > 2 && term[0] == '"' && term[^1] == '"';
            var (across, at) = TextNormalizer.ForMatchingBothWays(term);
            if (across.Length == 0)
            {
                throw new ArgumentException($"Blocked term {index} (\"{term}\") has no letter or digit to match.", nameof(blockedTerms));
            }

            // A hyphenated term is stored both ways, as messages are read both ways.
            string[] skeletons = across == at ? [across] : [across, at];
            foreach (var skeleton in skeletons)
            {
                foreach (var (written, ending) in exactWordOnly ? [(skeleton, 0)] : Inflections(skeleton))
                {
                    var phrase = Phrase.From(written);
                    var key = phrase.Collapsed;
                    if (!forms.TryGetValue(key, out var list))
                    {
                        forms[key] = list = [];
                    }

                    list.Add(new TermForm(index, phrase.Runs, phrase.RunsBefore(written.Length - ending)));
                    _maxWords = Math.Max(_maxWords, phrase.WordCount);
                }
            }
        }

        _formsByKey = forms.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal)
            .GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>
    /// Whether <paramref name="term"/> can be blocked: it needs a letter or a digit, as punctuation and emoji alone have no
    /// matching skeleton. Check a term with this when a moderator adds it, as the constructor refuses one that cannot.
    /// </summary>
    public static bool CanMatch(string term) => TextNormalizer.ForMatching(term).Length > 0;

    /// <summary>
    /// The skeleton as written and with each of <see cref="Endings"/> on its last word, each with the length of its ending:
    /// the ending added, or, for a word ending in "e" and an ending that starts with a vowel, in place of that "e" too.
    /// </summary>
    private static IEnumerable<(string Written, int Ending)> Inflections(string skeleton)
    {
        yield return (skeleton, 0);
        foreach (var ending in Endings)
        {
            yield return (skeleton + ending, ending.Length);
            if (skeleton[^1] == 'e' && ending[0] is 'e' or 'i')
            {
                yield return (skeleton[..^1] + ending, ending.Length);
            }
        }
    }

    /// <summary>The blocked terms as given, in order.</summary>
    public IReadOnlyList<string> Terms => _terms;

    /// <summary>
    /// Returns the blocked terms (as given to the constructor, in that order, each once) found in <paramref name="text"/>.
    /// The message is read joined across single punctuation ("fr.ee") and split at it ("free-for-all"), with spaced letters
    /// joined however they are spaced ("f r.e e") and only while spaced alike ("is a s.c.a.m"), with a one-letter word
    /// before letters spelled out read as a word ("what a s c a m"), and, when it holds a right-to-left override, also in
    /// the order it is displayed ("\u202Eeerf" shows as "free").
    /// </summary>
    public IReadOnlyList<string> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_terms.Length == 0)
        {
            return [];
        }

        var found = new bool[_terms.Length];
        FindIn(text, found);
        if (text.Contains(RightToLeftOverride, StringComparison.Ordinal))
        {
            FindIn(InDisplayOrder(text), found);
        }

        var terms = new List<string>();
        for (var i = 0; i < found.Length; i++)
        {
            if (found[i])
            {
                terms.Add(_terms[i]);
            }
        }

        return terms;
    }

    private void FindIn(string text, bool[] found)
    {
        foreach (var reading in TextNormalizer.ReadingsForMatching(text))
        {
            FindIn(Phrase.From(reading), found);
        }
    }

    private void FindIn(Phrase phrase, bool[] found)
    {
        for (var first = 0; first < phrase.WordCount; first++)
        {
            for (var last = first; last < phrase.WordCount && last - first < _maxWords; last++)
            {
                var start = phrase.WordStarts[first];
                var window = phrase.Collapsed.AsSpan(start, phrase.WordEnds[last] - start);
                if (!_formsByKey.TryGetValue(window, out var forms))
                {
                    continue;
                }

                foreach (var form in forms)
                {
                    found[form.TermIndex] |= IsStretchOf(phrase.Runs.AsSpan(start), form);
                }
            }
        }
    }

    /// <summary>
    /// Whether every run in the message window is at least as long as the form's run at the same place, and the runs of its
    /// ending exactly as long or stretched (written more than <see cref="TextNormalizer.MaxRepeatedCharacters"/> times).
    /// </summary>
    private static bool IsStretchOf(ReadOnlySpan<int> messageRuns, TermForm form)
    {
        for (var i = 0; i < form.Runs.Length; i++)
        {
            var fits = i < form.EndingFrom
                ? messageRuns[i] >= form.Runs[i]
                : messageRuns[i] == form.Runs[i] || messageRuns[i] > TextNormalizer.MaxRepeatedCharacters;
            if (!fits)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Reverses each span a right-to-left override (U+202E) governs, to read Latin letters as they are displayed.
    /// An approximation of the bidirectional algorithm: it ignores nesting and right-to-left letters, which is enough
    /// to undo the trick of typing a word backwards after an override.
    /// </summary>
    private static string InDisplayOrder(string text)
    {
        var builder = new StringBuilder(text.Length);
        var index = 0;
        while (index < text.Length)
        {
            var start = text.IndexOf(RightToLeftOverride, index);
            if (start < 0)
            {
                builder.Append(text, index, text.Length - index);
                break;
            }

            builder.Append(text, index, start - index);
            var length = text.AsSpan(start + 1).IndexOfAny(OverrideEnds);
            var end = length < 0 ? text.Length : start + 1 + length;
            var runes = text[(start + 1)..end].EnumerateRunes().ToArray();
            for (var i = runes.Length - 1; i >= 0; i--)
            {
                builder.Append(runes[i].ToString());
            }

            index = end;
        }

        return builder.ToString();
    }

    /// <summary>
    /// One way a blocked term is written: its index in the term list, the length of each run of its collapsed key, and the
    /// first run that lies wholly in an inflection's ending (the run count for the term as given).
    /// </summary>
    private sealed record TermForm(int TermIndex, int[] Runs, int EndingFrom);

    /// <summary>
    /// A skeleton with each run of a repeated character written once (<see cref="Collapsed"/>), the original length of
    /// each run (<see cref="Runs"/>, 0 for the spaces between words), and where each word starts and ends in it.
    /// </summary>
    private sealed record Phrase(string Collapsed, int[] Runs, int[] WordStarts, int[] WordEnds)
    {
        public int WordCount => WordStarts.Length;

        /// <summary>How many runs lie wholly within the first <paramref name="characters"/> characters of the skeleton.</summary>
        public int RunsBefore(int characters)
        {
            var count = 0;
            for (var covered = 0; count < Runs.Length && covered + Math.Max(Runs[count], 1) <= characters; count++)
            {
                covered += Math.Max(Runs[count], 1);
            }

            return count;
        }

        public static Phrase From(string skeleton)
        {
            if (skeleton.Length == 0)
            {
                return new Phrase("", [], [], []);
            }

            var collapsed = new StringBuilder(skeleton.Length);
            var runs = new List<int>(skeleton.Length);
            List<int> starts = [0], ends = [];
            foreach (var c in skeleton)
            {
                if (c == ' ')
                {
                    ends.Add(collapsed.Length);
                    collapsed.Append(' ');
                    runs.Add(0);
                    starts.Add(collapsed.Length);
                }
                else if (collapsed.Length > 0 && collapsed[^1] == c)
                {
                    runs[^1]++;
                }
                else
                {
                    collapsed.Append(c);
                    runs.Add(1);
                }
            }

            ends.Add(collapsed.Length);
            return new Phrase(collapsed.ToString(), [.. runs], [.. starts], [.. ends]);
        }
    }
}
