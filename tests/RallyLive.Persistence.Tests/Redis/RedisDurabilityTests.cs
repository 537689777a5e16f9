using RallyLive.Persistence.Records;

namespace RallyLive.Persistence.Tests.Redis;

/// <summary>Redis itself killed (SIGKILL) under a silo, each test with a redis-server of its own.</summary>
public sealed class RedisDurabilityTests
{
    [Fact]
    public async Task StateAndRecords_SurviveAKillOfRedis_ComingBackFromItsAppendOnlyFile()
    {
        var key = ClusterFixture.NewKey();
        await using var server = await RedisServer.StartAsync();
        await using (var first = await RedisFixture.StartSiloAsync(server.ConnectionString))
        {
            var book = first.Client.GetGrain<IGuestbookGrain>(key);
            await first.Client.GetGrain<ICounterGrain>(key).Add(3);
            await first.Client.GetGrain<ICounterGrain>(key).Add(4);
            await book.Sign("Luna opens");
            await book.Sign("Kira speaks");
            await book.Sign("Orion demos");
            await book.Erase(2);

            // Every write above was acknowledged; no snapshot is ever taken (save ""), so only the append-only file can bring them back.
            await server.KillAsync();
        }

        await server.RestartAsync();
        await using var second = await RedisFixture.StartSiloAsync(server.ConnectionString);
        var counter = second.Client.GetGrain<ICounterGrain>(key);
        var reopened = second.Client.GetGrain<IGuestbookGrain>(key);

        Assert.Equal(7, await counter.Get());
        Assert.Equal(["Luna opens", "Orion demos"], await reopened.Latest(10));
        Assert.Equal(4, await reopened.Sign("the crowd disperses"));
    }

    [Fact]
    public async Task Writes_WhileRedisIsDown_FailNamingGrainAndEndpoint_ThenSucceedOnceItIsBack()
    {
        var key = ClusterFixture.NewKey();
        await using var server = await RedisServer.StartAsync();
        await using var cluster = await RedisFixture.StartSiloAsync(server.ConnectionString, configure: options => options.OperationTimeout = TimeSpan.FromSeconds(1));
        var counter = cluster.Client.GetGrain<ICounterGrain>(key);
        var book = cluster.Client.GetGrain<IGuestbookGrain>(key);
        await counter.Add(1);
        await book.Sign("Luna opens");
        await server.KillAsync();

        var stateFailure = await Assert.ThrowsAnyAsync<OrleansException>(() => counter.Add(1)).WaitAsync(TimeSpan.FromSeconds(60));
        var recordFailure = await Assert.ThrowsAsync<RecordStorageException>(() => book.Sign("Kira speaks")).WaitAsync(TimeSpan.FromSeconds(60));
        await server.RestartAsync();
        var signed = await SucceedsOnceRedisIsBackAsync(() => book.Sign("Kira speaks"));

        Assert.Contains($"counter/{key}", stateFailure.Message, StringComparison.Ordinal);
        Assert.Contains($"Redis at {server.ConnectionString}", stateFailure.Message, StringComparison.Ordinal);
        Assert.Equal((GrainId.Create("guestbook", key), "entries", "Default"), (recordFailure.GrainId, recordFailure.Collection, recordFailure.StorageName));
        Assert.Contains($"Redis at {server.ConnectionString}", recordFailure.Message, StringComparison.Ordinal);
        Assert.Equal(2, signed);
        Assert.Equal(["Luna opens", "Kira speaks"], await book.Latest(10));
    }

    /// <summary>
    /// The client reconnects on its own, in the background, a moment after Redis is back: tries the write until it
    /// goes through, each try bounded by the storage's operation timeout, all of them by a minute.
    /// </summary>
    private static async Task<T> SucceedsOnceRedisIsBackAsync<T>(Func<Task<T>> write)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (true)
        {
            try
            {
                return await write();
            }
            catch (RecordStorageException) when (!deadline.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
            }
        }
    }
}
