using RallyLive.Simulator.Protocol;

namespace RallyLive.Simulator.Tests;

public sealed class TapBatchTests
{
    [Fact]
    public void Take_GathersEveryKindIntoOneBatch_AndEmptiesIt()
    {
        var taps = new TapBatch();
        taps.Add("cheer");
        taps.Add("cheer", 2);
        taps.Add("boo");

        var batch = taps.Take();

        Assert.Equal(new Dictionary<string, int> { ["cheer"] = 3, ["boo"] = 1 }, batch);
        Assert.Equal(0, taps.Pending);
        Assert.Empty(taps.Take());
    }

    [Fact]
    public void Take_CarriesAtMostFiftyOfAKind_TheRestWaitsForTheNextBatch()
    {
        var taps = new TapBatch();
        taps.Add("cheer", 120);

        Assert.Equal(50, taps.Take()["cheer"]);
        Assert.Equal(50, taps.Take()["cheer"]);
        Assert.Equal(20, taps.Take()["cheer"]);
        Assert.Equal(0, taps.Pending);
    }

    [Fact]
    public void Clear_DropsTheWaitingTaps_AndSaysHowMany()
    {
        var taps = new TapBatch();
        taps.Add("love", 4);
        taps.Add("wow", 2);

        Assert.Equal(6, taps.Clear());
        Assert.Empty(taps.Take());
    }
}
