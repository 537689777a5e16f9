using RallyLive.Domain.Narratives;
using Xunit;

namespace RallyLive.Domain.Tests.Narratives;

public sealed class MinHashTests
{
    private static readonly MinHash Family = new(new MinHashOptions());

    private static MinHashSignature Sign(string text) => Family.Compute(ChatText.NormalizeDefault(text));

    [Fact]
    public void EstimateJaccard_OfIdenticalTexts_IsOne()
    {
        Assert.Equal(1.0, MinHash.EstimateJaccard(Sign("the mini-lab is unsafe"), Sign("the mini-lab is unsafe")));
    }

    [Fact]
    public void EstimateJaccard_OfTextsThatNormaliseAlike_IsOne()
    {
        Assert.Equal(1.0, MinHash.EstimateJaccard(Sign("the mini-lab is unsafe"), Sign("  THE MINI-LAB IS UNSAFE!!! ⚠️")));
    }

    [Fact]
    public void EstimateJaccard_OfTextsSharingNoShingle_IsZero()
    {
        Assert.Equal(0.0, MinHash.EstimateJaccard(Sign("the mini-lab is unsafe"), Sign("we love you luna")));
    }

    [Theory]
    [InlineData("fyi the minilab is unsafe")]
    [InlineData("seriously, the MINI-LAB is unsafe #unsafe")]
    [InlineData("PSA: the mini-lab is unsfae")]
    [InlineData("mini lab is unsafe")]
    public void EstimateJaccard_OfASloganAndItsVariant_ReachesTheNearDuplicateThreshold(string variant)
    {
        var estimate = MinHash.EstimateJaccard(Sign("the mini-lab is unsafe"), Sign(variant));

        Assert.True(estimate >= new NarrativeDetectionOptions().NearDuplicateSimilarity, $"estimated {estimate}");
    }

    [Theory]
    [InlineData("the mini-lab is unsafe", "fyi the minilab is unsafe")]
    [InlineData("the mini-lab is unsafe", "is the mini lab certified?")]
    [InlineData("he was paid to switch sides", "they paid him to switch sides")]
    public void EstimateJaccard_IsWithinThreeStandardErrorsOfTheExactJaccard(string a, string b)
    {
        var exact = MinHash.Jaccard(
            MinHash.ShingleHashes(ChatText.NormalizeDefault(a), 3),
            MinHash.ShingleHashes(ChatText.NormalizeDefault(b), 3));
        var standardError = Math.Sqrt(exact * (1 - exact) / new MinHashOptions().SignatureLength);

        Assert.InRange(MinHash.EstimateJaccard(Sign(a), Sign(b)), exact - (3 * standardError), exact + (3 * standardError));
    }

    [Fact]
    public void Compute_WithTwoFamiliesOfTheSameOptions_GivesTheSameSignature()
    {
        var other = new MinHash(new MinHashOptions());

        Assert.Equal(Family.Compute("the mini lab is unsafe"), other.Compute("the mini lab is unsafe"));
    }

    [Fact]
    public void Compute_WithAnotherSeed_GivesAnotherSignature()
    {
        var other = new MinHash(new MinHashOptions { Seed = 42 });

        Assert.NotEqual(Family.Compute("the mini lab is unsafe"), other.Compute("the mini lab is unsafe"));
    }

    [Fact]
    public void Compute_GivesOneValuePerHashFunction()
    {
        var options = new MinHashOptions { Bands = 16, RowsPerBand = 8 };

        Assert.Equal(128, new MinHash(options).Compute("the mini lab is unsafe").Values.Length);
    }

    [Theory]
    [InlineData("abc", 0xcec64e155111225dUL)]
    [InlineData("é", 0x0a6a1207b6cd9facUL)]
    public void Fnv1a64_MatchesTheReferenceOverUtf16LittleEndianBytes(string text, ulong expected)
    {
        // Reference values computed independently (Python, over text.encode("utf-16-le")).
        Assert.Equal(expected, MinHash.Fnv1a64(text));
    }

    [Fact]
    public void ShingleHashes_OfATextShorterThanAShingle_IsTheWholeText()
    {
        Assert.Equal([MinHash.Fnv1a64("ok")], MinHash.ShingleHashes("ok", 3));
    }

    [Fact]
    public void ShingleHashes_OfAnEmptyText_IsEmpty()
    {
        Assert.Empty(MinHash.ShingleHashes(string.Empty, 3));
    }

    [Fact]
    public void ShingleHashes_CountsEachDistinctShingleOnce()
    {
        // "aaaa" has the shingles "aaa" and "aaa".
        Assert.Single(MinHash.ShingleHashes("aaaa", 3));
    }

    [Fact]
    public void Jaccard_IsTheSharedShareOfTheUnion()
    {
        Assert.Equal(0.5, MinHash.Jaccard(new HashSet<int> { 1, 2, 3 }, new HashSet<int> { 2, 3, 4 }));
    }

    [Fact]
    public void EstimateJaccard_OfSignaturesFromDifferentFamilies_Throws()
    {
        var shorter = new MinHash(new MinHashOptions { Bands = 2 }).Compute("the mini lab");

        Assert.Throws<ArgumentException>(() => MinHash.EstimateJaccard(Family.Compute("the mini lab"), shorter));
    }
}
