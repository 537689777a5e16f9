using RallyLive.Domain.Narratives;
using Xunit;

namespace RallyLive.Domain.Tests.Narratives;

public sealed class NearDuplicateIndexTests
{
    private static readonly MinHashOptions Options = new();
    private static readonly MinHash Family = new(Options);

    private static MinHashSignature Sign(string text) => Family.Compute(ChatText.NormalizeDefault(text));

    [Fact]
    public void FindSimilar_ReturnsTheNearDuplicates_MostSimilarFirst()
    {
        var index = new NearDuplicateIndex(Options);
        index.Add(1, Sign("fyi the minilab is unsafe"), ChatScript.At(0));
        index.Add(2, Sign("we love you luna"), ChatScript.At(1));
        index.Add(3, Sign("the mini-lab is unsafe!!"), ChatScript.At(2));

        var matches = index.FindSimilar(Sign("the mini-lab is unsafe"), 0.5);

        Assert.Equal([3L, 1L], matches.Select(m => m.Key));
        Assert.Equal(1.0, matches[0].Similarity);
    }

    [Fact]
    public void FindSimilar_WhenNothingIsSimilarEnough_ReturnsNothing()
    {
        var index = new NearDuplicateIndex(Options);
        index.Add(1, Sign("we love you luna"), ChatScript.At(0));
        index.Add(2, Sign("where do i sign up for the co-op?"), ChatScript.At(1));

        Assert.Empty(index.FindSimilar(Sign("the mini-lab is unsafe"), 0.5));
    }

    [Fact]
    public void EvictOlderThan_RemovesOnlyTheOlderEntries()
    {
        var index = new NearDuplicateIndex(Options);
        index.Add(1, Sign("the mini-lab is unsafe"), ChatScript.At(0));
        index.Add(2, Sign("the mini-lab is unsafe!"), ChatScript.At(30));

        var evicted = index.EvictOlderThan(ChatScript.At(30));

        Assert.Equal(1, evicted);
        Assert.Equal(1, index.Count);
        Assert.Equal([2L], index.FindSimilar(Sign("the mini-lab is unsafe"), 0.5).Select(m => m.Key));
    }

    [Fact]
    public void EvictOlderThan_WhenEverythingIsOld_LeavesNoBucketBehind()
    {
        var index = new NearDuplicateIndex(Options);
        for (var i = 0; i < 50; i++)
        {
            index.Add(i, Sign($"message number {i} about smiles"), ChatScript.At(i));
        }

        index.EvictOlderThan(ChatScript.At(60));

        Assert.Equal((0, 0), (index.Count, index.BucketCount));
    }

    [Fact]
    public void Add_WhenABucketIsFull_KeepsItsNewestKeys()
    {
        var index = new NearDuplicateIndex(Options, maximumBucketSize: 2);
        index.Add(1, Sign("the mini-lab is unsafe"), ChatScript.At(0));
        index.Add(2, Sign("the mini-lab is unsafe"), ChatScript.At(1));
        index.Add(3, Sign("the mini-lab is unsafe"), ChatScript.At(2));

        Assert.Equal([3L, 2L], index.FindSimilar(Sign("the mini-lab is unsafe"), 0.5).Select(m => m.Key));
    }

    [Fact]
    public void Add_WithAKeyAlreadyIndexed_Throws()
    {
        var index = new NearDuplicateIndex(Options);
        index.Add(1, Sign("the mini-lab is unsafe"), ChatScript.At(0));

        Assert.Throws<ArgumentException>(() => index.Add(1, Sign("something else"), ChatScript.At(1)));
    }
}
