using Orleans.Storage;

namespace RallyLive.Persistence.Tests;

/// <summary>
/// What every default storage keeps across silos, run once per storage: <see cref="SiloLifecycleTests"/> over a
/// SQLite file, <see cref="Redis.RedisStorageTests"/> over Redis. Each silo a test starts finds what earlier ones stored.
/// </summary>
public abstract class SiloStorageContract
{
    /// <summary>A new one-silo cluster over this class's storage.</summary>
    protected abstract Task<InProcessTestCluster> StartSiloAsync();

    /// <summary>What a storage says of a rejected stale write beyond its type (SQLite: the two versions).</summary>
    protected virtual void AssertConflict(InconsistentStateException conflict)
    {
    }

    [Fact]
    public async Task StateAndRecords_AreReadByANewSiloOverTheSameStorage()
    {
        var key = ClusterFixture.NewKey();
        await using (var first = await StartSiloAsync())
        {
            await first.Client.GetGrain<ICounterGrain>(key).Add(3);
            await first.Client.GetGrain<ICounterGrain>(key).Add(4);
            var book = first.Client.GetGrain<IGuestbookGrain>(key);
            await book.Sign("Luna opens");
            await book.Sign("Kira speaks");
            await book.Sign("Orion demos");
            await book.Erase(2);
        }

        await using var second = await StartSiloAsync();
        var counter = second.Client.GetGrain<ICounterGrain>(key);
        var reopened = second.Client.GetGrain<IGuestbookGrain>(key);

        Assert.Equal(7, await counter.Get());
        Assert.True(await counter.RecordExists());
        Assert.Equal(["Luna opens", "Orion demos"], await reopened.Latest(10));
        Assert.Equal(["Orion demos"], await reopened.Page(afterNumber: 1, limit: 1));
        Assert.Equal(4, await reopened.Sign("the crowd disperses"));
    }

    [Fact]
    public async Task ClearedState_StartsAfreshInANewSilo()
    {
        var key = ClusterFixture.NewKey();
        await using (var first = await StartSiloAsync())
        {
            await first.Client.GetGrain<ICounterGrain>(key).Add(9);
            await first.Client.GetGrain<ICounterGrain>(key).Clear();
        }

        await using var second = await StartSiloAsync();
        var counter = second.Client.GetGrain<ICounterGrain>(key);

        Assert.Equal(0, await counter.Get());
        Assert.False(await counter.RecordExists());
        Assert.Equal(1, await counter.Add(1));
    }

    [Fact]
    public async Task StaleWrite_FromASecondSiloOverTheSameStorage_IsRejected_AndTheGrainTakesTheStoredState()
    {
        var key = ClusterFixture.NewKey();
        await using var first = await StartSiloAsync();
        await using var second = await StartSiloAsync();
        await first.Client.GetGrain<ICounterGrain>(key).Add(1);
        await second.Client.GetGrain<ICounterGrain>(key).Add(10);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => first.Client.GetGrain<ICounterGrain>(key).Add(100));

        AssertConflict(conflict);
        Assert.Contains($"counter/{key}", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(11, await first.Client.GetGrain<ICounterGrain>(key).Get());
    }
}
