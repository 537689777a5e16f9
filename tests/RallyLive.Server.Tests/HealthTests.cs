using System.Collections.Immutable;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;
using RallyLive.Server.Health;

namespace RallyLive.Server.Tests;

public sealed class HealthTests
{
    [Fact]
    public async Task Health_WhenAGrainCanStoreItsState_IsHealthy_AndTheStateIsInTheFile()
    {
        await using var server = new ServerFactory();
        using var client = server.CreateClient();

        using var first = await client.GetAsync(new Uri("/health", UriKind.Relative));
        using var second = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("Healthy", await second.Content.ReadAsStringAsync());
        Assert.Contains("\"checks\":2", await ReadStoredStateAsync(server.DataFile, "health", "server"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_WhenTheDataFileIsLockedByAnotherProcess_IsUnhealthy()
    {
        await using var server = new ServerFactory { BusyTimeout = TimeSpan.FromMilliseconds(200) };
        using var client = server.CreateClient();
        using var healthy = await client.GetAsync(new Uri("/health", UriKind.Relative));

        await using var locker = new SqliteConnection($"Data Source={server.DataFile};Pooling=False");
        await locker.OpenAsync();
        await using var hold = locker.CreateCommand();
        hold.CommandText = "BEGIN IMMEDIATE;";
        await hold.ExecuteNonQueryAsync();
        using var locked = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, locked.StatusCode);
        Assert.Equal("Unhealthy", await locked.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task LiveAndReady_WhenStorageTakesWritesAndTheSiloIsActive_AreHealthy()
    {
        await using var server = new ServerFactory();
        using var client = server.CreateClient();

        using var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
        Assert.Contains("\"checks\":1", await ReadStoredStateAsync(server.DataFile, "health", "server"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_WhenTheDataFileIsLockedByAnotherProcess_IsUnhealthy_WhileLiveStaysHealthy()
    {
        await using var server = new ServerFactory { BusyTimeout = TimeSpan.FromMilliseconds(200) };
        using var client = server.CreateClient();
        using var readyBefore = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        await using var locker = new SqliteConnection($"Data Source={server.DataFile};Pooling=False");
        await locker.OpenAsync();
        await using var hold = locker.CreateCommand();
        hold.CommandText = "BEGIN IMMEDIATE;";
        await hold.ExecuteNonQueryAsync();
        using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        using var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, readyBefore.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task Ready_WhenThisSiloIsNotActiveInMembership_IsUnhealthy()
    {
        var silo = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), 1);
        var details = new LocalSilo(silo);

        var active = await CheckMembershipAsync(details, silo, SiloStatus.Active);
        var joining = await CheckMembershipAsync(details, silo, SiloStatus.Joining);
        var stopping = await CheckMembershipAsync(details, silo, SiloStatus.ShuttingDown);
        var dead = await CheckMembershipAsync(details, silo, SiloStatus.Dead);

        Assert.Equal(HealthStatus.Healthy, active.Status);
        Assert.Equal(HealthStatus.Unhealthy, joining.Status);
        Assert.Equal(HealthStatus.Unhealthy, stopping.Status);
        Assert.Equal(HealthStatus.Unhealthy, dead.Status);
        Assert.Contains("ShuttingDown", stopping.Description, StringComparison.Ordinal);
    }

    private static Task<HealthCheckResult> CheckMembershipAsync(ILocalSiloDetails details, SiloAddress silo, SiloStatus status)
    {
        var snapshot = new ClusterMembershipSnapshot(
            ImmutableDictionary<SiloAddress, ClusterMember>.Empty.Add(silo, new ClusterMember(silo, status, "node")), new MembershipVersion(1));
        return new SiloMembershipHealthCheck(new FixedMembership(snapshot), details).CheckHealthAsync(new HealthCheckContext());
    }

    private static async Task<string> ReadStoredStateAsync(string file, string grainType, string key)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT CAST(payload AS TEXT) FROM grain_state WHERE grain_type = $type AND grain_key = $key;";
        command.Parameters.AddWithValue("$type", grainType);
        command.Parameters.AddWithValue("$key", key);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private sealed class LocalSilo(SiloAddress silo) : ILocalSiloDetails
    {
        public string Name => "node";

        public string ClusterId => "rallylive";

        public string DnsHostName => "localhost";

        public SiloAddress SiloAddress => silo;

        public SiloAddress GatewayAddress => silo;
    }

    private sealed class FixedMembership(ClusterMembershipSnapshot snapshot) : IClusterMembershipService
    {
        public ClusterMembershipSnapshot CurrentSnapshot => snapshot;

        public IAsyncEnumerable<ClusterMembershipSnapshot> MembershipUpdates => throw new NotSupportedException();

        public ValueTask Refresh(MembershipVersion minimumVersion = default, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public Task<bool> TryKill(SiloAddress siloAddress) => throw new NotSupportedException();
    }
}
