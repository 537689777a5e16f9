using System.Text;
using static RallyLive.Domain.Tests.Narratives.SyntheticChatGenerator;

namespace RallyLive.Domain.Tests.Narratives.Rallies;

/// <summary>
/// The edits that accounts of a copypasta campaign make to the text they paste, each to slip past a filter or just out
/// of habit: case, leetspeak (digits and symbols for letters), look-alike letters from other scripts, letters spaced
/// or dotted apart, invisible characters, a prefix or a suffix, a word left out, a typo.
/// </summary>
internal static class Disguises
{
    private static readonly string[] Prefixes = ["", "", "", "PSA: ", "fyi ", "⚠️ ", "everyone needs to hear this: ", "facts: ", "share this: ", "READ: "];

    private static readonly string[] Suffixes = ["", "", "", "!!!", ".", " 🚨", " 🚨🚨", " spread the word", " look it up", " #truth", " !!", " 👀"];

    private static readonly Dictionary<char, char> Leet = new() { ['a'] = '4', ['e'] = '3', ['i'] = '1', ['o'] = '0', ['s'] = '5', ['t'] = '7' };

    /// <summary>Cyrillic and Greek letters that look like Latin ones.</summary>
    private static readonly Dictionary<char, char> LookAlikes = new() { ['a'] = 'а', ['e'] = 'е', ['o'] = 'о', ['p'] = 'р', ['c'] = 'с', ['x'] = 'х', ['i'] = 'і' };

    /// <summary>One account's copy: between one and three edits, drawn independently.</summary>
    public static string Disguise(Random random, string text)
    {
        var edits = 1 + random.Next(0, 3);
        for (var i = 0; i < edits; i++)
        {
            text = random.Next(0, 9) switch
            {
                0 => text.ToUpperInvariant(),
                1 => text.ToLowerInvariant(),
                2 => Leetspeak(random, text),
                3 => WithLookAlikes(random, text),
                4 => SpacedWord(random, text),
                5 => Invisible(random, text),
                6 => Pick(random, Prefixes) + text + Pick(random, Suffixes),
                7 => WithoutAWord(random, text),
                _ => Typo(random, text),
            };
        }

        return text;
    }

    private static string Leetspeak(Random random, string text)
    {
        var share = 0.4 + (random.NextDouble() * 0.6);
        return string.Concat(text.Select(c => Leet.TryGetValue(char.ToLowerInvariant(c), out var digit) && random.NextDouble() < share ? digit : c));
    }

    private static string WithLookAlikes(Random random, string text) =>
        string.Concat(text.Select(c => LookAlikes.TryGetValue(c, out var other) && random.NextDouble() < 0.5 ? other : c));

    /// <summary>One longer word written with its letters apart: "b a n k r u p t", "b.a.n.k.r.u.p.t", "b-a-n-k-r-u-p-t".</summary>
    private static string SpacedWord(Random random, string text)
    {
        var words = text.Split(' ');
        var candidates = Enumerable.Range(0, words.Length).Where(i => words[i].Length >= 5 && words[i].All(char.IsLetter)).ToList();
        if (candidates.Count == 0)
        {
            return text.Replace(" ", "  ", StringComparison.Ordinal);
        }

        var index = Pick(random, candidates);
        words[index] = string.Join(Pick(random, [" ", ".", "-"]), words[index].ToCharArray());
        return string.Join(' ', words);
    }

    private static string Invisible(Random random, string text)
    {
        var builder = new StringBuilder(text);
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            builder.Insert(random.Next(1, builder.Length), Pick(random, ["\u200B", "\u200C", "\u2060", "\u00AD"]));
        }

        return builder.ToString();
    }

    private static string WithoutAWord(Random random, string text)
    {
        var words = text.Split(' ').ToList();
        if (words.Count > 5)
        {
            words.RemoveAt(random.Next(words.Count));
        }

        return string.Join(' ', words);
    }

    /// <summary>Two neighbouring letters of a word swapped.</summary>
    public static string Typo(Random random, string text)
    {
        var words = text.Split(' ');
        var candidates = Enumerable.Range(0, words.Length).Where(i => words[i].Length >= 4 && words[i].All(char.IsLetter)).ToList();
        if (candidates.Count == 0)
        {
            return text;
        }

        var index = Pick(random, candidates);
        var word = words[index].ToCharArray();
        var at = random.Next(0, word.Length - 1);
        (word[at], word[at + 1]) = (word[at + 1], word[at]);
        words[index] = new string(word);
        return string.Join(' ', words);
    }
}
