using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace RallyLive.Server.Tests;

/// <summary>The real server, in process, over a SQLite file of its own that is deleted afterwards.</summary>
public sealed class ServerFactory : WebApplicationFactory<Program>
{
    private readonly TemporaryDataFile _dataFile = new();

    public string DataFile => _dataFile.Path;

    public string KeyDirectory { get; } = Path.Combine(Path.GetTempPath(), $"rallylive-keys-{Guid.NewGuid():N}");

    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The server's clock: tests move it to expire tokens.</summary>
    public GrainClock Time { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>False for tests that need real time to pass, such as streams ticking for connected clients.</summary>
    public bool UseManualClock { get; init; } = true;

    /// <summary>Configuration the test sets on top of appsettings.json (<c>RallyLive:Realtime:…</c>).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Grains:Storage:Default:DataSource", DataFile);
        builder.UseSetting("Grains:Storage:Default:BusyTimeout", BusyTimeout.ToString("c"));
        builder.UseSetting("RallyLive:Tokens:KeyDirectory", KeyDirectory);

        // Tests make many rallies and calls from one address; the HTTP limits' own tests set theirs in Settings.
        foreach (var limit in new[] { "CreateRally", "JoinStream", "Api" })
        {
            builder.UseSetting($"RallyLive:HttpLimits:{limit}:Burst", "1000000");
        }
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        if (UseManualClock)
        {
            builder.ConfigureTestServices(services => services.AddGrainClock(Time));
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _dataFile.Dispose();

        if (Directory.Exists(KeyDirectory))
        {
            Directory.Delete(KeyDirectory, recursive: true);
        }
    }
}
