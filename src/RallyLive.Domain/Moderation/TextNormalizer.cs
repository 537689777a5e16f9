using System.Globalization;
using System.Text;

namespace RallyLive.Domain.Moderation;

/// <summary>
/// Normalises untrusted chat text at two strengths: <see cref="Clean"/> keeps what a person meant and is safe to
/// display and store; <see cref="ForMatching(string)"/> is a lossy skeleton for matching blocked terms and spotting
/// near-duplicate messages, where every trick for making two texts look different to a machine is undone.
/// </summary>
public static partial class TextNormalizer
{
    /// <summary>Most combining marks kept on one base character: enough for Vietnamese (ệ, ở), far fewer than zalgo text stacks.</summary>
    public const int MaxCombiningMarksPerBase = 2;

    /// <summary>Most tag characters kept after a black flag: a subdivision flag (England is 🏴 + "gbeng" + cancel) needs at most 7.</summary>
    private const int MaxFlagTags = 7;

    private const int ZeroWidthJoiner = 0x200D;
    private const int TextPresentationSelector = 0xFE0E;
    private const int EmojiPresentationSelector = 0xFE0F;
    private const int CombiningKeycap = 0x20E3;
    private const int BlackFlag = 0x1F3F4;
    private const int FirstTag = 0xE0020;
    private const int LastTag = 0xE007F;

    /// <summary>
    /// Invisible characters (Unicode's default-ignorable code points) that render as nothing and so can hide inside a word,
    /// reverse how a message reads (bidirectional controls) or make a name blank. Clean removes them all, except the
    /// joiners and selectors that emoji sequences need (see <see cref="KeepsInvisible"/>).
    /// </summary>
    private static readonly (int First, int Last)[] InvisibleRanges =
    [
        (0x00AD, 0x00AD), // soft hyphen
        (0x034F, 0x034F), // combining grapheme joiner
        (0x061C, 0x061C), // Arabic letter mark (bidirectional)
        (0x115F, 0x1160), // Hangul fillers: blank "letters" used for invisible names
        (0x17B4, 0x17B5), // Khmer inherent vowels
        (0x180E, 0x180E), // Mongolian vowel separator
        (0x200B, 0x200F), // zero-width space, non-joiner and joiner; left-to-right and right-to-left marks
        (0x202A, 0x202E), // bidirectional embeddings, overrides and pop
        (0x2060, 0x206F), // word joiner, invisible operators, bidirectional isolates, deprecated format controls
        (0x3164, 0x3164), // Hangul filler
        (0xFE00, 0xFE0F), // variation selectors
        (0xFEFF, 0xFEFF), // zero-width no-break space (byte order mark)
        (0xFFA0, 0xFFA0), // halfwidth Hangul filler
        (0xFFF9, 0xFFFB), // interlinear annotation controls
        (0x1BCA0, 0x1BCA3), // shorthand format controls
        (0x1D173, 0x1D17A), // musical format controls
        (0xE0000, 0xE0FFF), // tags and variation selectors supplement
    ];

    /// <summary>
    /// Code points drawn as emoji: an approximation of Unicode's Extended_Pictographic property, which .NET does not
    /// expose. Used only to decide whether a zero-width joiner or a variation selector belongs to an emoji sequence.
    /// </summary>
    private static readonly (int First, int Last)[] EmojiRanges =
    [
        (0x00A9, 0x00A9), // ©
        (0x00AE, 0x00AE), // ®
        (0x2194, 0x21AA), // arrows
        (0x231A, 0x23FF), // watch, hourglass, keyboard, media controls
        (0x25AA, 0x25FE), // squares and play buttons
        (0x2600, 0x27BF), // miscellaneous symbols and dingbats: ☀ ❤ ✊ ⚕ ♀ ➡
        (0x2934, 0x2935), // curved arrows
        (0x2B05, 0x2B55), // ⬅ ⬛ ⭐ ⭕
        (0x3030, 0x3030), // wavy dash
        (0x303D, 0x303D), // part alternation mark
        (0x1F000, 0x1FAFF), // pictographs, including regional indicators (flags) and skin tone modifiers
    ];

    /// <summary>
    /// Returns text that is safe to display and store. In order:
    /// <list type="number">
    /// <item>ill-formed UTF-16 (a lone surrogate) is dropped, since it cannot be displayed or normalised;</item>
    /// <item>Unicode NFKD, so fullwidth, ligature and styled letters ("ｆｒｅｅ", "𝐟𝐫𝐞𝐞") become ordinary ones and every
    /// accent is a separate mark that can be counted;</item>
    /// <item>control characters (C0, C1) are removed, and whitespace of any kind (tabs, line breaks, no-break spaces)
    /// collapses to one space, with none at either end;</item>
    /// <item>invisible characters are removed: bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
    /// U+061C), zero-width characters (U+200B, U+200C, U+200D, U+2060, U+FEFF) and the other default-ignorable code
    /// points, except a zero-width joiner between two emoji (👩‍⚕️, 👨‍👩‍👧), a variation selector after an emoji or a
    /// keycap base (❤️, 1️⃣) and the tags of a subdivision flag;</item>
    /// <item>at most <see cref="MaxCombiningMarksPerBase"/> stacking combining marks are kept on one base character
    /// (zalgo text), counting the accents of precomposed letters, so "ệ" keeps both of its own;</item>
    /// <item>NFKC composes the result, so the text is stored in the form Unicode NFKC defines.</item>
    /// </list>
    /// Emoji, letters of every script and punctuation are kept. The result is stable: cleaning it again changes nothing.
    /// </summary>
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var source = WithoutLoneSurrogates(text).Normalize(NormalizationForm.FormKD);
        var builder = new StringBuilder(source.Length);
        var pendingSpace = false;
        var marksOnBase = 0;
        var inEmoji = false;
        var flagTags = 0;
        var previous = 0;
        var index = 0;
        while (index < source.Length)
        {
            var rune = Rune.GetRuneAt(source, index);
            index += rune.Utf16SequenceLength;
            if (Rune.IsWhiteSpace(rune))
            {
                pendingSpace = builder.Length > 0;
                inEmoji = false;
                previous = ' ';
                marksOnBase = 0;
                continue;
            }

            if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.Control)
            {
                continue;
            }

            if (InRanges(InvisibleRanges, rune.Value))
            {
                if (KeepsInvisible(rune.Value, previous, inEmoji, flagTags, NextValue(source, index)))
                {
                    // A kept joiner or selector continues the emoji sequence; a tag continues only a flag.
                    flagTags = rune.Value is >= FirstTag and <= LastTag ? flagTags + 1 : 0;
                    inEmoji = rune.Value != ZeroWidthJoiner;
                    previous = rune.Value;
                    builder.Append(rune.ToString());
                }

                continue;
            }

            if (IsStackingMark(rune))
            {
                if (marksOnBase >= MaxCombiningMarksPerBase)
                {
                    continue;
                }

                marksOnBase++;
            }
            else
            {
                marksOnBase = 0;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            inEmoji = IsEmoji(rune.Value);
            flagTags = 0;
            previous = rune.Value;
            builder.Append(rune.ToString());
        }

        return builder.ToString().Normalize(NormalizationForm.FormKC);
    }

    /// <summary>
    /// Whether an invisible character belongs to an emoji sequence and must stay for the emoji to render:
    /// a zero-width joiner between two emoji, one presentation selector right after an emoji or a keycap base, or the
    /// tags that follow a black flag to spell a subdivision flag (🏴 + "gbsct" + cancel tag).
    /// </summary>
    private static bool KeepsInvisible(int value, int previous, bool inEmoji, int flagTags, int next) => value switch
    {
        ZeroWidthJoiner => inEmoji && IsEmoji(next),
        TextPresentationSelector or EmojiPresentationSelector =>
            (inEmoji && previous is not (TextPresentationSelector or EmojiPresentationSelector))
            || (previous is '#' or '*' or (>= '0' and <= '9') && next == CombiningKeycap),
        >= FirstTag and <= LastTag => (previous == BlackFlag || flagTags > 0) && flagTags < MaxFlagTags,
        _ => false,
    };

    /// <summary>Marks that draw on top of or below their base (zalgo stacks these); spacing marks sit beside it and are left alone.</summary>
    private static bool IsStackingMark(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark;

    private static bool IsEmoji(int value) => InRanges(EmojiRanges, value);

    private static bool InRanges(ReadOnlySpan<(int First, int Last)> ranges, int value)
    {
        foreach (var (first, last) in ranges)
        {
            if (value >= first && value <= last)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The code point that starts at <paramref name="index"/>, or -1 at the end of the text.</summary>
    private static int NextValue(string text, int index) => index < text.Length ? Rune.GetRuneAt(text, index).Value : -1;

    private static string WithoutLoneSurrogates(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(text[i]).Append(text[i + 1]);
                i++;
            }
            else if (!char.IsSurrogate(text[i]))
            {
                builder.Append(text[i]);
            }
        }

        return builder.ToString();
    }
}
