using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace RallyLive.Server.Tests;

/// <summary>The real server, in process, over a SQLite file of its own that is deleted afterwards.</summary>
public sealed class ServerFactory : WebApplicationFactory<Program>
{
    public string DataFile { get; } = Path.Combine(Path.GetTempPath(), $"rallylive-server-{Guid.NewGuid():N}.db");

    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Grains:Storage:Default:DataSource", DataFile);
        builder.UseSetting("Grains:Storage:Default:BusyTimeout", BusyTimeout.ToString("c"));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(DataFile + suffix);
        }
    }
}
