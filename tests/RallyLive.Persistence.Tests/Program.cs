using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;
using RallyLive.Persistence.Hosting;
using RallyLive.Persistence.Redis.Hosting;
using RallyLive.Persistence.Tests.Redis;

namespace RallyLive.Persistence.Tests;

/// <summary>
/// The test assembly run as a child process (<see cref="ChildProcess"/>), so that tests can kill a silo outright
/// and hold a file lock from another process. xUnit never calls this.
/// </summary>
public static class Program
{
    public static Task<int> Main(string[] args) => args switch
    {
        ["burst", var storage, var target, var siloPort, var gatewayPort, var grains] =>
            BurstAsync(silo => AddDefaultStorage(silo, storage, target), Number(siloPort), Number(gatewayPort), Number(grains)),
        ["hold-lock", var file] => HoldLockAsync(file),
        _ => Task.FromResult(2),
    };

    private static int Number(string text) => int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The default storage of the burst silo: <c>sqlite FILE</c> or <c>redis CONNECTION</c>.</summary>
    private static ISiloBuilder AddDefaultStorage(ISiloBuilder silo, string storage, string target) => storage switch
    {
        "sqlite" => silo.AddSqliteGrainStorageAsDefault(options => options.DataSource = target),
        "redis" => silo.AddRedisGrainStorageWithRecordsAsDefault(options => options.ConnectionString = target),
        _ => throw new ArgumentException($"No storage '{storage}': sqlite or redis.", nameof(storage)),
    };

    /// <summary>
    /// A silo over the storage <paramref name="addDefaultStorage"/> registers, whose grains write as fast as they can,
    /// forever: each loop adds to its counter and signs its guestbook, and prints each write only after it was acknowledged.
    /// </summary>
    private static async Task<int> BurstAsync(Action<ISiloBuilder> addDefaultStorage, int siloPort, int gatewayPort, int grains)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo => addDefaultStorage(silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: RedisFixture.ServiceId)));
        using var host = builder.Build();
        await host.StartAsync();
        var factory = host.Services.GetRequiredService<IGrainFactory>();
        var output = TextWriter.Synchronized(new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true });
        await output.WriteLineAsync("ready");
        await Task.WhenAll(Enumerable.Range(0, grains).Select(i => Task.Run(async () =>
        {
            var counter = factory.GetGrain<ICounterGrain>($"crash-{i}");
            var book = factory.GetGrain<IGuestbookGrain>($"crash-{i}");
            while (true)
            {
                var value = await counter.Add(1);
                await output.WriteLineAsync($"state {i} {value}");
                var number = await book.Sign($"entry {value}");
                await output.WriteLineAsync($"record {i} {number}");
            }
        })));
        return 0;
    }

    /// <summary>Takes the file's write lock from this process, says "locked", and holds it until a line arrives on stdin.</summary>
    private static async Task<int> HoldLockAsync(string file)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "BEGIN EXCLUSIVE;";
        await command.ExecuteNonQueryAsync();
        Console.WriteLine("locked");
        await Console.In.ReadLineAsync();
        command.CommandText = "ROLLBACK;";
        await command.ExecuteNonQueryAsync();
        return 0;
    }
}
