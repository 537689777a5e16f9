using System.Text;
using RallyLive.Domain.Sentiment;
using Xunit;

namespace RallyLive.Domain.Tests.Sentiment;

public sealed class ChatSentimentScorerTests
{
    // VADER's constants, restated so a change to the scorer's shows up here.
    private const double Negation = -0.74;
    private const double Booster = 0.293;
    private const double Shout = 0.733;
    private const double Exclamation = 0.292;
    private const int Precision = 12;

    private static readonly ChatSentimentScorer Scorer = ChatSentimentScorer.Default;

    [Theory]
    [InlineData("love", "love")]
    [InlineData("Inspiring!", "inspiring")]
    [InlineData("she is brave", "brave")]
    [InlineData("liar", "liar")]
    [InlineData("this is boring", "boring")]
    [InlineData("sellout", "sellout")]
    [InlineData("the venue feels unsafe", "unsafe")]
    public void Score_WhenTextHasOneSentimentWord_IsThatWordsSquashedValence(string text, string word)
    {
        var exclamations = text.Count(c => c == '!');

        Assert.Equal(Squash(Word(word) + (exclamations * Exclamation)), Scorer.Score(text), Precision);
    }

    [Fact]
    public void Score_WhenTextIsPositive_IsPositive()
    {
        Assert.Equal(Squash(Word("amazing") + Word("hope")), Scorer.Score("Amazing speech, gives me hope"), Precision);
    }

    [Fact]
    public void Score_WhenTextIsNegative_IsNegative()
    {
        Assert.Equal(Squash(Word("fake") + Word("shame")), Scorer.Score("fake promises. shame on you"), Precision);
    }

    [Theory]
    [InlineData("not great", "great")]
    [InlineData("isn't great", "great")]
    [InlineData("isn’t great", "great")]
    [InlineData("dont like it", "like")]
    [InlineData("not the best speech", "best")]
    [InlineData("no hope", "hope")]
    [InlineData("not bad", "bad")]
    public void Score_WhenNegationIsWithinThreeWords_ReversesAndWeakensTheWord(string text, string word)
    {
        Assert.Equal(Squash(Word(word) * Negation), Scorer.Score(text), Precision);
    }

    [Theory]
    [InlineData("not that I would say great")]
    [InlineData("not here. great")]
    [InlineData("never; great")]
    public void Score_WhenNegationIsFarOrInAnotherClause_LeavesTheWordAlone(string text)
    {
        Assert.Equal(Squash(Word("great")), Scorer.Score(text), Precision);
    }

    [Fact]
    public void Score_WhenNoStandsAlone_CountsAsNegativeWord()
    {
        Assert.Equal(Squash(Word("no")), Scorer.Score("no"), Precision);
        Assert.Equal(Squash(3 * Word("no")), Scorer.Score("no no no"), Precision);
        Assert.Equal(Squash(Word("no") + Word("great")), Scorer.Score("no, great"), Precision);
    }

    [Fact]
    public void Score_WhenIntensifierPrecedesWord_AddsToItsSize()
    {
        Assert.Equal(Squash(Word("good") + Booster), Scorer.Score("very good"), Precision);
        Assert.Equal(Squash(Word("bad") - Booster), Scorer.Score("really bad"), Precision);
        Assert.Equal(Squash(Word("good") + Booster + (Booster * 0.95)), Scorer.Score("really very good"), Precision);
    }

    [Fact]
    public void Score_WhenDampenerPrecedesWord_TakesFromItsSize()
    {
        Assert.Equal(Squash(Word("good") - Booster), Scorer.Score("kinda good"), Precision);
        Assert.Equal(Squash(Word("boring") + (Booster * 0.9)), Scorer.Score("slightly a bit boring"), Precision);
    }

    [Fact]
    public void Score_WhenDampenersOutweighWord_ScoresZeroRatherThanFlipping()
    {
        Assert.Equal(0, Scorer.Score("barely slightly kinda lol"));
        Assert.Equal(0, Scorer.Score("not barely slightly kinda lol"));
    }

    [Fact]
    public void Score_WhenWordIsShoutedAmongLowerCase_AddsToItsSize()
    {
        Assert.Equal(Squash(Word("great") + Shout), Scorer.Score("GREAT speech"), Precision);
        Assert.Equal(Squash(Word("good") + Booster + Shout), Scorer.Score("VERY good"), Precision);
    }

    [Fact]
    public void Score_WhenWholeMessageIsShouted_DoesNotAddForCapitals()
    {
        Assert.Equal(Squash(Word("great")), Scorer.Score("GREAT SPEECH"), Precision);
    }

    [Theory]
    [InlineData("good!", 1)]
    [InlineData("good!!!", 3)]
    [InlineData("good!!!!!!!!", 4)]
    public void Score_WhenTextHasExclamationMarks_AddsUpToFour(string text, int counted)
    {
        Assert.Equal(Squash(Word("good") + (counted * Exclamation)), Scorer.Score(text), Precision);
    }

    [Fact]
    public void Score_WhenTextHasBut_WeighsWhatFollowsMore()
    {
        Assert.Equal(Squash((0.5 * Word("great")) + (1.5 * Word("boring"))), Scorer.Score("great speech but boring"), Precision);
    }

    [Theory]
    [InlineData("😍", "😍")]
    [InlineData("\u2764\uFE0F", "❤")]
    [InlineData("👏🏽", "👏")]
    [InlineData("👎", "👎")]
    [InlineData("🤮", "🤮")]
    public void Score_WhenTextIsOneEmoji_IsItsSquashedValence(string text, string emoji)
    {
        Assert.Equal(Squash(ChatSentimentLexicon.Emoji[emoji]), Scorer.Score(text), Precision);
    }

    [Fact]
    public void Score_WhenTextIsOnlyEmoji_AddsThemUp()
    {
        Assert.Equal(Squash(3 * ChatSentimentLexicon.Emoji["🔥"]), Scorer.Score("🔥🔥🔥"), Precision);
        Assert.Equal(Squash(ChatSentimentLexicon.Emoji["💪"] + ChatSentimentLexicon.Emoji["😡"]), Scorer.Score("💪😡"), Precision);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("the next speaker is on stage at 7pm")]
    [InlineData("!!!")]
    [InlineData("\U0001F468\u200D\U0001F469\u200D\U0001F467 \U0001F3A4")] // family, microphone
    [InlineData("Привет всем")]
    public void Score_WhenTextHasNoSentimentWord_IsZero(string text)
    {
        Assert.Equal(0, Scorer.Score(text));
    }

    [Theory]
    [InlineData("loooove", "love")]
    [InlineData("yesss", "yes")]
    [InlineData("booooo", "boo")]
    public void Score_WhenWordIsStretched_ScoresTheWord(string text, string word)
    {
        Assert.Equal(Squash(Word(word)), Scorer.Score(text), Precision);
    }

    [Fact]
    public void Score_WhenIntensifierIsStretched_StillIntensifies()
    {
        Assert.Equal(Squash(Word("good") + Booster), Scorer.Score("soooo good"), Precision);
    }

    [Theory]
    [InlineData("good", "very good")]
    [InlineData("very good", "very good!!!")]
    [InlineData("kinda good", "good")]
    [InlineData("good", "GOOD speech")]
    [InlineData("great", "great 🔥")]
    [InlineData("very bad", "bad")]
    [InlineData("bad", "not bad")]
    [InlineData("boring", "kinda boring")]
    [InlineData("hate", "liar")]
    public void Score_WhenTextIsStrongerOrMorePositive_ScoresHigher(string lower, string higher)
    {
        Assert.True(Scorer.Score(lower) < Scorer.Score(higher), $"\"{lower}\" should score below \"{higher}\"");
    }

    [Fact]
    public void Score_ForRandomText_StaysWithinMinusOneAndOne()
    {
        string[] pieces =
        [
            "love", "LOVE", "hate", "HATE", "not", "no", "very", "so", "kinda", "but", "!", "!!!", "?", ".", ",", " ",
            "🔥", "😡", "\u2764\uFE0F", "👎", "🏽", "\u200D", "great", "liar", "fake", "amazing", "boring", "sooooo", "x", "é",
            "\u0301", "\uD83D", "Ж", "7", "don't",
        ];
        var random = new Random(20261122);
        for (var sample = 0; sample < 400; sample++)
        {
            var builder = new StringBuilder();
            var length = random.Next(0, 300);
            for (var i = 0; i < length; i++)
            {
                builder.Append(pieces[random.Next(pieces.Length)]);
                builder.Append(random.Next(3) == 0 ? "" : " ");
            }

            var score = Scorer.Score(builder.ToString());

            Assert.InRange(score, -1, 1);
        }
    }

    [Fact]
    public void Score_WhenTextIsExtremelyOneSided_StaysWithinRange()
    {
        Assert.InRange(Scorer.Score(string.Concat(Enumerable.Repeat("SO AMAZING love!!! ", 5000))), 0.99, 1);
        Assert.InRange(Scorer.Score(string.Concat(Enumerable.Repeat("VERY vile hate!!! ", 5000))), -1, -0.99);
    }

    [Fact]
    public void Score_WhenExtraLexiconAddsWords_ScoresThem()
    {
        var scorer = new ChatSentimentScorer(new Dictionary<string, double> { ["Ramirez"] = 2.0, ["🌽"] = -1.0 });

        Assert.Equal(Squash(2.0 + Exclamation), scorer.Score("RAMIREZ!"), Precision);
        Assert.Equal(Squash(-1.0), scorer.Score("🌽"), Precision);
        Assert.Equal(0, ChatSentimentScorer.Default.Score("ramirez"));
    }

    [Fact]
    public void Score_WhenExtraLexiconOverridesBuiltInWord_UsesTheExtraValence()
    {
        var scorer = new ChatSentimentScorer(new Dictionary<string, double> { ["paid"] = 0.5, ["\u2764\uFE0F"] = 1.0 });

        Assert.Equal(Squash(0.5), scorer.Score("paid"), Precision);
        Assert.Equal(Squash(1.0), scorer.Score("\u2764\uFE0F"), Precision);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(4.5)]
    [InlineData(-4.01)]
    public void Constructor_WhenExtraValenceIsOffScale_Throws(double valence)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ChatSentimentScorer(new Dictionary<string, double> { ["word"] = valence }));

        Assert.Equal("extraLexicon", error.ParamName);
    }

    [Theory]
    [InlineData("two words")]
    [InlineData("")]
    [InlineData("!!")]
    [InlineData("🔥🔥")]
    public void Constructor_WhenExtraKeyIsNotOneWordOrEmoji_Throws(string key)
    {
        var error = Assert.Throws<ArgumentException>(() => new ChatSentimentScorer(new Dictionary<string, double> { [key] = 1 }));

        Assert.Equal("extraLexicon", error.ParamName);
    }

    [Fact]
    public void Default_IsOneSharedScorerWithTheBuiltInLexicon()
    {
        Assert.Same(ChatSentimentScorer.Default, ChatSentimentScorer.Default);
        Assert.Equal(new ChatSentimentScorer().Score("great 🔥 but laggy"), ChatSentimentScorer.Default.Score("great 🔥 but laggy"));
    }

    [Fact]
    public void Score_WhenTextIsNull_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => Scorer.Score(null!));
    }

    [Fact]
    public void Lexicon_HasAFewHundredWordsAndNoWordInTwoRoles()
    {
        Assert.InRange(ChatSentimentLexicon.Words.Count, 300, 600);
        Assert.Empty(ChatSentimentLexicon.Words.Keys.Intersect(ChatSentimentLexicon.Modifiers.Keys));
        Assert.Empty(ChatSentimentLexicon.Negators.Intersect(ChatSentimentLexicon.Modifiers.Keys));
        Assert.Equal(["no"], ChatSentimentLexicon.Words.Keys.Where(ChatSentimentLexicon.IsNegator));
        Assert.All(ChatSentimentLexicon.Words.Keys, word => Assert.Equal(word.ToLowerInvariant(), word));
        Assert.All(ChatSentimentLexicon.Words.Values.Concat(ChatSentimentLexicon.Emoji.Values), v => Assert.InRange(v, -4, 4));
    }

    [Fact]
    public void Lexicon_EachEmojiIsOneScorableToken()
    {
        Assert.All(ChatSentimentLexicon.Emoji, entry => Assert.Equal(Squash(entry.Value), Scorer.Score(entry.Key), Precision));
    }

    private static double Word(string word) => ChatSentimentLexicon.Words[word];

    private static double Squash(double sum) => sum / Math.Sqrt((sum * sum) + ChatSentimentScorer.NormalizationAlpha);
}
