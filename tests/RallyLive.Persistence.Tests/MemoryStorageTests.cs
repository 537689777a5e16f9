using RallyLive.Persistence.Hosting;

namespace RallyLive.Persistence.Tests;

/// <summary>The in-memory storage with records that grain tests can use instead of a SQLite file.</summary>
public sealed class MemoryStorageTests
{
    [Fact]
    public async Task StateAndRecords_OutliveTheirActivations()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) => silo.AddMemoryGrainStorageWithRecordsAsDefault());
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var key = ClusterFixture.NewKey();
        var counter = cluster.Client.GetGrain<ICounterGrain>(key);
        var book = cluster.Client.GetGrain<IGuestbookGrain>(key);
        await counter.Add(2);
        await book.Sign("Luna opens");

        await cluster.DeactivateAsync(counter).WaitAsync(TimeSpan.FromSeconds(30));
        await cluster.DeactivateAsync(book).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, await counter.Get());
        Assert.Equal(["Luna opens"], await book.Latest(5));

        Assert.Equal(3, await counter.Add(1));
        Assert.Equal(2, await book.Sign("Kira speaks"));
    }
}
