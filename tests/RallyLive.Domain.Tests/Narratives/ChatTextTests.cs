using RallyLive.Domain.Narratives;
using Xunit;

namespace RallyLive.Domain.Tests.Narratives;

public sealed class ChatTextTests
{
    [Theory]
    [InlineData("  The MINI-LAB   is UNSAFE!!! ⚠️ ", "the mini lab is unsafe")]
    [InlineData("don't trust it", "dont trust it")]
    [InlineData("Ｆｕｌｌｗｉｄｔｈ café", "fullwidth cafe")]
    [InlineData("🔥🔥🔥", "")]
    [InlineData("yes!!!love this", "yes love this")]
    public void NormalizeDefault_LowerCasesStripsPunctuationAndCollapsesWhitespace(string text, string expected)
    {
        Assert.Equal(expected, ChatText.NormalizeDefault(text));
    }

    [Fact]
    public void ContentWords_DropStopWordsShortWordsAndNumbers_AndAreStemmed()
    {
        Assert.Equal(["pay", "switch", "side"], ChatText.ContentWords("he was paid to switch sides in 2150", 10));
    }

    [Fact]
    public void ContentWords_AreDistinct_AndAtMostTheMaximum()
    {
        Assert.Equal(["smile", "real", "teeth"], ChatText.ContentWords("smiles smile real smiles real teeth dental care", 3));
    }

    [Fact]
    public void ContentWords_OfAShortReaction_AreFewerThanANarrativeNeeds()
    {
        Assert.Equal(["luna"], ChatText.ContentWords(ChatText.NormalizeDefault("yes!! love this lol, luna"), 10));
    }

    [Theory]
    [InlineData("keep going!")]
    [InlineData("LETS GOOOO")]
    [InlineData("well said, so proud of this crowd")]
    [InlineData("thank you!! amazing speech")]
    [InlineData("we love you")]
    public void ContentWords_OfAGenericCheer_AreNone(string cheer)
    {
        Assert.Empty(ChatText.ContentWords(ChatText.NormalizeDefault(cheer), 10));
    }

    [Fact]
    public void ContentWords_OfAFlatSlogan_AreItsClaim()
    {
        Assert.Equal(["transit", "levy", "bankrupt", "city"], ChatText.ContentWords(ChatText.NormalizeDefault("the transit levy will bankrupt the city"), 10));
    }

    [Theory]
    [InlineData("switched", "switch")]
    [InlineData("switching", "switch")]
    [InlineData("switches", "switch")]
    [InlineData("sides", "side")]
    [InlineData("paid", "pay")]
    [InlineData("unsafe", "unsafe")]
    [InlineData("glass", "glass")]
    [InlineData("bus", "bus")]
    public void Stem_FoldsTheCommonEndings(string word, string expected)
    {
        Assert.Equal(expected, ChatText.Stem(word));
    }
}
