using System.Globalization;
using System.Text;
using RallyLive.Domain.Moderation;
using Xunit;

namespace RallyLive.Domain.Tests.Moderation;

public sealed class TextNormalizerTests
{
    [Fact]
    public void Clean_WhenRightToLeftOverrideReversesWord_RemovesOverrideSoWordReadsAsTyped()
    {
        Assert.Equal("eerf", TextNormalizer.Clean("\u202Eeerf"));
    }

    [Theory]
    [InlineData('\u202A')]
    [InlineData('\u202B')]
    [InlineData('\u202C')]
    [InlineData('\u202D')]
    [InlineData('\u202E')]
    [InlineData('\u2066')]
    [InlineData('\u2067')]
    [InlineData('\u2068')]
    [InlineData('\u2069')]
    [InlineData('\u200E')]
    [InlineData('\u200F')]
    [InlineData('\u061C')]
    public void Clean_WhenTextHasBidirectionalControl_RemovesIt(char control)
    {
        Assert.Equal("vote yes", TextNormalizer.Clean($"vote{control} yes{control}"));
    }

    [Theory]
    [InlineData('\u200B')]
    [InlineData('\u200C')]
    [InlineData('\u200D')]
    [InlineData('\u2060')]
    [InlineData('\uFEFF')]
    public void Clean_WhenZeroWidthCharacterIsInsideWord_RemovesIt(char zeroWidth)
    {
        Assert.Equal("free", TextNormalizer.Clean($"fr{zeroWidth}ee"));
    }

    [Theory]
    [InlineData("\u00AD")] // soft hyphen
    [InlineData("\u2062")] // invisible times
    [InlineData("\u3164")] // Hangul filler
    [InlineData("\u034F")] // combining grapheme joiner
    [InlineData("\U000E0066\U000E0072")] // tag characters smuggling "fr"
    public void Clean_WhenOtherInvisibleCharacterIsInsideWord_RemovesIt(string invisible)
    {
        Assert.Equal("free", TextNormalizer.Clean($"fr{invisible}ee"));
    }

    [Fact]
    public void Clean_WhenTextHasControlCharacters_RemovesThem()
    {
        Assert.Equal("abcdefg", TextNormalizer.Clean("a\u0000b\u0007c\u001Bd\u007Fe\u0080f\u009Fg"));
    }

    [Fact]
    public void Clean_WhenWhitespaceRepeatsOrSurrounds_CollapsesToSingleSpacesAndTrims()
    {
        Assert.Equal("hello world !", TextNormalizer.Clean(" \t hello \r\n\u00A0 world\u2003\u0085! \u3000"));
    }

    [Fact]
    public void Clean_WhenTextIsOnlyWhitespaceAndInvisibles_ReturnsEmpty()
    {
        Assert.Equal("", TextNormalizer.Clean(" \u200B\t\u202E\n\uFEFF "));
    }

    [Theory]
    [InlineData("ｆｒｅｅ ＦＯＯＤ", "free FOOD")]
    [InlineData("𝐟𝐫𝐞𝐞", "free")]
    [InlineData("ﬁne", "fine")]
    [InlineData("e\u0301", "é")]
    public void Clean_WhenTextHasCompatibilityForms_AppliesNfkc(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Clean(text));
    }

    [Fact]
    public void Clean_WhenZalgoStacksMarks_KeepsTwoMarksPerBase()
    {
        var zalgo = "a" + new string('\u0301', 20) + "b" + new string('\u0316', 9) + "c\u0301";

        var cleaned = TextNormalizer.Clean(zalgo);

        Assert.Equal("a\u0301\u0301b\u0316\u0316c\u0301".Normalize(NormalizationForm.FormC), cleaned);
        Assert.Equal([2, 2, 1], MarksPerBase(cleaned));
    }

    [Fact]
    public void Clean_WhenZalgoMixesMarksAboveAndBelow_KeepsAtMostTwoMarksPerBase()
    {
        const string Zalgo = "Z̷̨̛͖͍̤̪̈́̓͋̔a̸̢̰͓̍̓l̶̳̈́̂g̵̣̫̋̎ò̴̧̺͖";

        var cleaned = TextNormalizer.Clean(Zalgo);

        Assert.Equal([2, 2, 2, 2, 2], MarksPerBase(cleaned));
        Assert.Equal("Zalgo", new string([.. cleaned.Normalize(NormalizationForm.FormD).Where(c => !IsMark(c))]));
    }

    [Fact]
    public void Clean_WhenLetterHasTwoPrecomposedAccents_KeepsBoth()
    {
        Assert.Equal("Việt Nam ở", TextNormalizer.Clean("Việt Nam ở"));
    }

    [Theory]
    [InlineData("\U0001F469\u200D\u2695\uFE0F")] // woman health worker: ZWJ + variation selector
    [InlineData("\U0001F468\u200D\U0001F469\u200D\U0001F467")] // family
    [InlineData("\U0001F3F3\uFE0F\u200D\U0001F308")] // rainbow flag: selector before the joiner
    [InlineData("\u2764\uFE0F\u200D\U0001F525")] // heart on fire
    [InlineData("\U0001F9D1\U0001F3FD\u200D\U0001F4BB")] // technologist with a skin tone
    [InlineData("\U0001F3F4\u200D\u2620\uFE0F")] // pirate flag
    [InlineData("👋🏽")] // skin tone modifier
    [InlineData("\u2764\uFE0F")] // variation selector after a dingbat
    [InlineData("1\uFE0F\u20E3")] // keycap
    [InlineData("🇫🇷")] // regional indicators
    [InlineData("\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F")] // Scotland: black flag + tags + cancel tag
    [InlineData("Thank you nurses \U0001F469\u200D\u2695\uFE0F\U0001F469\u200D\u2695\uFE0F and families \U0001F468\u200D\U0001F469\u200D\U0001F467!")]
    public void Clean_WhenTextHasEmojiSequence_PreservesItByteForByte(string text)
    {
        var cleaned = TextNormalizer.Clean(text);

        Assert.Equal(Encoding.UTF8.GetBytes(text), Encoding.UTF8.GetBytes(cleaned));
    }

    [Theory]
    [InlineData("a\u200Db", "ab")]
    [InlineData("a\u200D😀", "a😀")]
    [InlineData("😀\u200Da", "😀a")]
    [InlineData("😀\u200D", "😀")]
    [InlineData("😀 \u200D😀", "😀 😀")]
    [InlineData("😀\u200D\u200D😀", "😀\u200D😀")]
    public void Clean_WhenZeroWidthJoinerIsNotBetweenTwoEmoji_RemovesIt(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Clean(text));
    }

    [Theory]
    [InlineData("fr\uFE0Fee", "free")]
    [InlineData("❤\uFE0F\uFE0F", "❤\uFE0F")]
    [InlineData("\uFE0F❤", "❤")]
    [InlineData("1\uFE0F", "1")]
    public void Clean_WhenVariationSelectorDoesNotFollowEmoji_RemovesIt(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Clean(text));
    }

    [Fact]
    public void Clean_WhenTagsFollowAnEmojiOtherThanBlackFlag_RemovesThem()
    {
        Assert.Equal("😀", TextNormalizer.Clean("😀\U000E0068\U000E0069\U000E007F"));
    }

    [Fact]
    public void Clean_WhenTextHasLettersOfManyScriptsAndPunctuation_KeepsThem()
    {
        const string Text = "Привет, мир! مرحبا 你好 Ελλάδα ñandú — “quoted” ¿sí? #rally @crowd";

        Assert.Equal(Text, TextNormalizer.Clean(Text));
    }

    [Fact]
    public void Clean_WhenTextHasLoneSurrogates_DropsThem()
    {
        Assert.Equal("ab😀", TextNormalizer.Clean("a\uD800b\uDC00😀"));
    }

    [Fact]
    public void Clean_WhenTextIsNull_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => TextNormalizer.Clean(null!));
    }

    [Fact]
    public void Clean_ForRandomHostileText_IsStableAndLeavesNoControlsInvisiblesOrZalgo()
    {
        var random = new Random(20261122);
        for (var sample = 0; sample < 500; sample++)
        {
            var text = RandomHostileText(random);

            var cleaned = TextNormalizer.Clean(text);

            Assert.Equal(cleaned, TextNormalizer.Clean(cleaned));
            Assert.DoesNotContain(cleaned, c => char.IsControl(c) || c is '\u202E' or '\u2067' or '\u200B' or '\uFEFF' or '\u200E');
            Assert.DoesNotContain("  ", cleaned, StringComparison.Ordinal);
            Assert.Equal(cleaned.Trim(' '), cleaned);
            Assert.All(MarksPerBase(cleaned), count => Assert.InRange(count, 0, TextNormalizer.MaxCombiningMarksPerBase));
        }
    }

    [Theory]
    [InlineData("FREE", "free")]
    [InlineData("frее", "free")] // Cyrillic е
    [InlineData("РАУРАL", "paypal")] // Cyrillic capitals
    [InlineData("ѕсаm", "scam")]
    [InlineData("ԁоԛ ԝһу", "doq why")]
    [InlineData("ΑΒΕ ΗΟΤ", "abe hot")] // Greek capitals
    [InlineData("αβε κορυχ", "abe kopux")] // Greek lower case
    [InlineData("ｆｒｅｅ", "free")]
    [InlineData("fréé", "free")]
    [InlineData("Ñandú İstanbul", "nandu istanbul")]
    [InlineData("fıne", "fine")] // dotless i
    public void ForMatching_WhenTextHasLookalikesCaseOrAccents_GivesLatinSkeleton(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.ForMatching(text));
    }

    [Theory]
    [InlineData("авекмнорстухіјѕԁԛԝӏһү", "abekmhopctyxijsdqwlhy")] // Cyrillic
    [InlineData("АВЕКМНОРСТУХІЈЅԀԚԜӀҺҮ", "abekmhopctyxijsdqwlhy")] // Cyrillic capitals
    [InlineData("αβεικνορτυχηω", "abeikvoptuxnw")] // Greek
    [InlineData("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "abezhikmnoptyx")] // Greek capitals
    public void ForMatching_WhenTextHasEveryMappedLookalike_GivesTheLatinLetters(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.ForMatching(text));
    }

    [Theory]
    [InlineData("fr33", "free")]
    [InlineData("h4t3", "hate")]
    [InlineData("1d10t", "idiot")]
    [InlineData("@$$", "ass")]
    [InlineData("5p4m 7ime", "spam time")]
    [InlineData("h8 2 c", "h8 2 c")]
    public void ForMatching_WhenTextHasLeetspeak_MapsDigitsAndSymbolsToLetters(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.ForMatching(text));
    }

    [Theory]
    [InlineData("freeeeee", "free")]
    [InlineData("sooooo goooood", "soo good")]
    [InlineData("free good", "free good")]
    [InlineData("fre", "fre")]
    public void ForMatching_WhenLettersRepeat_ShortensRunsToTwo(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.ForMatching(text));
    }

    [Theory]
    [InlineData("f.r.e.e", "free")]
    [InlineData("F-R-E-E", "free")]
    [InlineData("f_r_e_e stuff", "free stuff")]
    [InlineData("f r e e stuff", "free stuff")]
    [InlineData("get f r e e e e now", "get free now")]
    [InlineData("fr.ee", "free")]
    [InlineData("fr🔥ee", "free")]
    [InlineData("don't", "dont")]
    [InlineData("free-for-all", "freeforall")]
    public void ForMatching_WhenLettersAreSplitBySingleCharacters_JoinsThem(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.ForMatching(text));
    }

    [Theory]
    [InlineData("u r", "u r")]
    [InlineData("hello, world!", "hello world")]
    [InlineData("f . r . e . e", "f r e e")]
    [InlineData("great 🔥 speech", "great speech")]
    [InlineData("  wow...   ok  ", "wow ok")]
    public void ForMatching_WhenWordsAreApart_KeepsThemApart(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.ForMatching(text));
    }

    [Theory]
    [InlineData("fr\u200Bee", "free")]
    [InlineData("\u202Eeerf", "eerf")]
    [InlineData("f̷r̷e̷e̷", "free")]
    [InlineData("!!! ??? 🔥", "")]
    public void ForMatching_WhenTextHasInvisiblesMarksOrNoLetters_CleansFirst(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.ForMatching(text));
    }

    [Fact]
    public void ForMatchingBothWays_WhenWordsAreHyphenated_JoinsOneWayAndSplitsTheOther()
    {
        Assert.Equal(("freeforall now", "free for all now"), TextNormalizer.ForMatchingBothWays("Free-for-all, now"));
    }

    /// <summary>A stacking combining mark; variation selectors are non-spacing marks too, but choose a glyph rather than stack.</summary>
    private static bool IsMark(char c) =>
        c is not (>= '\uFE00' and <= '\uFE0F')
        && CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark;

    /// <summary>Combining marks after each base character, counted in the fully decomposed text.</summary>
    private static List<int> MarksPerBase(string text)
    {
        var counts = new List<int>();
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (!IsMark(c))
            {
                counts.Add(0);
            }
            else if (counts.Count > 0)
            {
                counts[^1]++;
            }
        }

        return counts;
    }

    private static string RandomHostileText(Random random)
    {
        string[] pieces =
        [
            "free", "FREE", " ", "  ", "\t", "\n", "\u0000", "\u0085", "\u202E", "\u2067", "\u200B", "\u200D", "\uFEFF",
            "\u200E", "\uFE0F", "\u0301", "\u0316", "\u0361", "é", "ệ", "😀", "👩", "⚕", "🏽", "🏴", "\U000E0067", "е",
            "ｆ", "𝐟", "1", "!", "\uD800", "\uDC00", "ß", "İ", "ﬁ",
        ];
        var builder = new StringBuilder();
        var length = random.Next(0, 40);
        for (var i = 0; i < length; i++)
        {
            builder.Append(pieces[random.Next(pieces.Length)]);
        }

        return builder.ToString();
    }
}
