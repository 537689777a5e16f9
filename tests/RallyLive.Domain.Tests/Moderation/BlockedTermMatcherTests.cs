using RallyLive.Domain.Moderation;
using Xunit;

namespace RallyLive.Domain.Tests.Moderation;

public sealed class BlockedTermMatcherTests
{
    private static readonly BlockedTermMatcher Free = new(["free"]);

    [Theory]
    [InlineData("free")]
    [InlineData("FREE")]
    [InlineData("get it FREE now")]
    [InlineData("frее")] // Cyrillic е
    [InlineData("FRΕΕ")] // Greek capital epsilons
    [InlineData("f r e e")]
    [InlineData("fr\u200Bee")] // zero-width space
    [InlineData("f\u200Dr\u2060e\uFEFFe")]
    [InlineData("ｆｒｅｅ")] // fullwidth
    [InlineData("fréé")]
    [InlineData("freeee")]
    [InlineData("frreeee")]
    [InlineData("fr33")]
    [InlineData("FR3E!!!")]
    [InlineData("f.r.e.e")]
    [InlineData("f-r-e-e")]
    [InlineData("fr.ee")]
    [InlineData("f̷r̷e̷e̷")] // zalgo
    [InlineData("fr\u202Eee")]
    [InlineData("\u202Eeerf")] // typed backwards, displayed forwards
    [InlineData("free-for-all")]
    [InlineData("it's free, right?")]
    public void Find_WhenTermIsDisguised_FindsIt(string text)
    {
        Assert.Equal(["free"], Free.Find(text));
    }

    [Theory]
    [InlineData("freedom")]
    [InlineData("carefree")]
    [InlineData("freeze")]
    [InlineData("fre")]
    [InlineData("fr ee")]
    [InlineData("f r e")]
    [InlineData("fr33dom")]
    [InlineData("the free\u200Bdom rally")]
    [InlineData("")]
    [InlineData("🔥🔥🔥")]
    public void Find_WhenTextHasTermOnlyInsideAnotherWord_FindsNothing(string text)
    {
        Assert.Empty(Free.Find(text));
    }

    [Theory]
    [InlineData("a$$")]
    [InlineData("A S S")]
    [InlineData("a.s.s")]
    [InlineData("asssss")]
    public void Find_WhenShortTermIsDisguised_FindsIt(string text)
    {
        Assert.Equal(["ass"], new BlockedTermMatcher(["ass"]).Find(text));
    }

    [Theory]
    [InlineData("as")]
    [InlineData("pass the mic")]
    [InlineData("first class")]
    [InlineData("as s")]
    public void Find_WhenTextHasShortTermOnlyInsideWordsOrShortened_FindsNothing(string text)
    {
        Assert.Empty(new BlockedTermMatcher(["ass"]).Find(text));
    }

    [Fact]
    public void Find_WhenTermLetterIsDoubled_DoesNotMatchSingleLetter()
    {
        var matcher = new BlockedTermMatcher(["good"]);

        Assert.Empty(matcher.Find("oh god"));
        Assert.Equal(["good"], matcher.Find("gooooood"));
    }

    [Theory]
    [InlineData("you are a paid shill")]
    [InlineData("PAID    SHILL")]
    [InlineData("p4id sh1ll!!")]
    [InlineData("paid, shill")]
    [InlineData("pаid shiiill")] // Cyrillic а
    public void Find_WhenMultiWordTermIsDisguised_FindsIt(string text)
    {
        Assert.Equal(["paid shill"], new BlockedTermMatcher(["paid shill"]).Find(text));
    }

    [Theory]
    [InlineData("paid big shill")]
    [InlineData("paid")]
    [InlineData("shill paid")]
    [InlineData("unpaid shills")]
    public void Find_WhenMultiWordTermIsBrokenUp_FindsNothing(string text)
    {
        Assert.Empty(new BlockedTermMatcher(["paid shill"]).Find(text));
    }

    [Theory]
    [InlineData("free-for-all")]
    [InlineData("free for all")]
    [InlineData("FREEFORALL")]
    public void Find_WhenTermIsHyphenated_MatchesItJoinedOrSpaced(string text)
    {
        Assert.Equal(["free-for-all"], new BlockedTermMatcher(["free-for-all"]).Find(text));
    }

    [Theory]
    [InlineData("scams")]
    [InlineData("SCAMMER")]
    [InlineData("scammers everywhere")]
    [InlineData("stop scamming us")]
    [InlineData("we got scammed")]
    [InlineData("sc4mm3rs")]
    [InlineData("s.c.a.m.m.e.r.s")]
    [InlineData("s c a m m i n g")]
    public void Find_WhenTermIsInflected_FindsIt(string text)
    {
        Assert.Equal(["scam"], new BlockedTermMatcher(["scam"]).Find(text));
    }

    [Theory]
    [InlineData("scaaaammm")]
    [InlineData("SCAAAMMMMM!!!")]
    [InlineData("scammerrrs")]
    [InlineData("scammersss")]
    [InlineData("scaaammerrrrsss everywhere")]
    [InlineData("scammiiing us")]
    [InlineData("we got scammeddd")]
    [InlineData("scamsss")]
    public void Find_WhenTermOrItsEndingIsStretched_FindsIt(string text)
    {
        Assert.Equal(["scam"], new BlockedTermMatcher(["scam"]).Find(text));
    }

    [Theory]
    [InlineData("scammerrs")] // a doubled letter is a spelling, not a stretch: "assess" is not "ass" + "es"
    [InlineData("scampiii")]
    [InlineData("scamperrr")]
    [InlineData("scammmpi")]
    public void Find_WhenStretchedWordOnlyStartsWithTheTerm_FindsNothing(string text)
    {
        Assert.Empty(new BlockedTermMatcher(["scam"]).Find(text));
    }

    [Theory]
    [InlineData("assesses")]
    [InlineData("assessing")]
    [InlineData("bassss player")]
    public void Find_WhenAnInnocentWordIsStretched_FindsNothing(string text)
    {
        Assert.Empty(new BlockedTermMatcher(["ass"]).Find(text));
    }

    [Theory]
    [InlineData("what a s c a m")]
    [InlineData("WHAT A S C A M")]
    [InlineData("i s c a m m e d you")]
    [InlineData("it's a s c a m, folks")]
    [InlineData("a s c a m s everywhere")]
    public void Find_WhenAOneLetterWordStandsBeforeATermSpacedAlike_StillFindsIt(string text)
    {
        Assert.Equal(["scam"], new BlockedTermMatcher(["scam"]).Find(text));
    }

    [Theory]
    [InlineData("a b c")]
    [InlineData("i a m")]
    [InlineData("a s c a r f")]
    [InlineData("a s c a m p i")]
    [InlineData("i s c a m p e r")]
    [InlineData("x s c a m")]
    [InlineData("b a s s")]
    public void Find_WhenSpacedLettersAreOrdinaryText_FindsNothing(string text)
    {
        Assert.Empty(new BlockedTermMatcher(["scam", "am", "bc", "ass"]).Find(text));
    }

    [Theory]
    [InlineData("this is a s.c.a.m")]
    [InlineData("what a s-c-a-m, i say")]
    [InlineData("s c.a m")]
    [InlineData("I s.c.a.m.m.e.d you")]
    public void Find_WhenALoneLetterStandsBeforeASpacedTerm_StillFindsIt(string text)
    {
        Assert.Equal(["scam"], new BlockedTermMatcher(["scam"]).Find(text));
    }

    [Theory]
    [InlineData("a s.c.a.m.p.i dinner")]
    [InlineData("i saw a cat")]
    [InlineData("a s c a r f")]
    public void Find_WhenSpacedLettersSpellAnotherWord_FindsNothing(string text)
    {
        Assert.Empty(new BlockedTermMatcher(["scam"]).Find(text));
    }

    [Theory]
    [InlineData("scampi for dinner")]
    [InlineData("watch them scamper")]
    [InlineData("escam")]
    [InlineData("scamz")]
    public void Find_WhenWordOnlyStartsWithTheTerm_FindsNothing(string text)
    {
        Assert.Empty(new BlockedTermMatcher(["scam"]).Find(text));
    }

    [Theory]
    [InlineData("hater", true)]
    [InlineData("haters gonna hate", true)]
    [InlineData("hating", true)]
    [InlineData("hated", true)]
    [InlineData("hates", true)]
    [InlineData("hat", false)]
    [InlineData("whatever", false)]
    [InlineData("hateful", false)]
    public void Find_WhenTermEndsInE_FindsItsInflectionsWithoutTheE(string text, bool found)
    {
        Assert.Equal(found, new BlockedTermMatcher(["hate"]).Find(text).Count == 1);
    }

    [Theory]
    [InlineData("please assess the plan")]
    [InlineData("she passes the mic")]
    [InlineData("first class")]
    [InlineData("bass player")]
    public void Find_WhenInflectionMeetsAnInnocentWord_FindsNothing(string text)
    {
        Assert.Empty(new BlockedTermMatcher(["ass"]).Find(text));
    }

    [Fact]
    public void Find_WhenMultiWordTermIsInflected_InflectsItsLastWord()
    {
        var matcher = new BlockedTermMatcher(["paid shill"]);

        Assert.Equal(["paid shill"], matcher.Find("you are all PAID SHILLS"));
        Assert.Empty(matcher.Find("paids shill"));
    }

    [Theory]
    [InlineData("what a scam", true)]
    [InlineData("S C A M", true)]
    [InlineData("scams", false)]
    [InlineData("scammer", false)]
    public void Find_WhenTermIsQuoted_MatchesThatExactWordOnly(string text, bool found)
    {
        var matcher = new BlockedTermMatcher(["\"scam\""]);

        Assert.Equal(found ? ["\"scam\""] : [], matcher.Find(text));
    }

    [Fact]
    public void Find_WhenTermIsItselfDisguised_MatchesPlainText()
    {
        var matcher = new BlockedTermMatcher(["ＬＩАR"]); // fullwidth L and I, Cyrillic А

        Assert.Equal(["ＬＩАR"], matcher.Find("what a liar"));
    }

    [Fact]
    public void Find_WhenSeveralTermsMatch_ReturnsEachOnceInConstructorOrder()
    {
        var matcher = new BlockedTermMatcher(["liar", "scam", "free", "fraud"]);

        Assert.Equal(["liar", "free"], matcher.Find("free free FREE, l1ar, free"));
    }

    [Fact]
    public void Find_WhenTwoTermsHaveTheSameSkeleton_ReturnsBoth()
    {
        var matcher = new BlockedTermMatcher(["free", "FRЕЕ"]);

        Assert.Equal(["free", "FRЕЕ"], matcher.Find("fr33"));
    }

    [Fact]
    public void Find_WhenMatcherHasHundredsOfTerms_FindsExactlyTheTermsInTheMessage()
    {
        var terms = Enumerable.Range(0, 500).Select(i => $"term{i:D3}x").Append("snake oil").ToList();
        var matcher = new BlockedTermMatcher(terms);
        var message = string.Concat(Enumerable.Repeat("an ordinary message about the rally ", 7))
            + "TERM042X and t.e.r.m.4.9.9.x and S N A K E oil and term7x";

        Assert.Equal(["term042x", "term499x", "snake oil"], matcher.Find(message));
    }

    [Fact]
    public void Find_WhenNoTerms_FindsNothing()
    {
        Assert.Empty(new BlockedTermMatcher([]).Find("free"));
    }

    [Fact]
    public void Terms_AfterConstruction_AreTheTermsAsGiven()
    {
        Assert.Equal(["Free", "paid shill"], new BlockedTermMatcher(["Free", "paid shill"]).Terms);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("!!!")]
    [InlineData("🖕")]
    [InlineData("\u200B")]
    public void Constructor_WhenTermHasNoLetterOrDigit_Throws(string term)
    {
        var error = Assert.Throws<ArgumentException>(() => new BlockedTermMatcher(["ok", term]));

        Assert.Equal("blockedTerms", error.ParamName);
        Assert.StartsWith("Blocked term 1 ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("free", true)]
    [InlineData("ｆ", true)]
    [InlineData("1488", true)]
    [InlineData("!!!", false)]
    [InlineData("🖕", false)]
    [InlineData(" \u200B ", false)]
    public void CanMatch_ForTerm_SaysWhetherConstructorAcceptsIt(string term, bool expected)
    {
        Assert.Equal(expected, BlockedTermMatcher.CanMatch(term));
    }

    [Fact]
    public void Constructor_WhenTermIsNull_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new BlockedTermMatcher(["ok", null!]));

        Assert.StartsWith("Blocked term 1 is null.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_WhenTextIsNull_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => Free.Find(null!));
    }
}
