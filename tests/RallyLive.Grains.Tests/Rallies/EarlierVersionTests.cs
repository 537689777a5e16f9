using Microsoft.Data.Sqlite;
using RallyLive.Abstractions;
using RallyLive.Abstractions.Moderation;
using RallyLive.Abstractions.Rallies;
using RallyLive.Abstractions.Streams;

namespace RallyLive.Grains.Tests.Rallies;

/// <summary>
/// Rallies stored by an earlier version kept their setup in the rally alone: streams, moderation and crowd sentiment
/// read it from the rally as they activated. Such a rally hands it down the first time it activates.
/// </summary>
public sealed class EarlierVersionTests(DomainCluster domain) : DomainTests, IClassFixture<DomainCluster>
{
    protected override DomainCluster Cluster => domain;

    [Fact]
    public async Task ARallyWhoseSetupWasNeverHandedDown_HandsItDownAsItActivates_KeepingWhatWasStored()
    {
        var rallyId = DomainCluster.NewRallyId();
        var rally = await domain.CreateRallyAsync(rallyId);
        var main = domain.Grains.GetGrain<IStreamGrain>(StreamKey.For(rallyId, "main-stage"));
        await main.Join(new JoinRequest("ana", "Ana"));
        await main.React(new ReactRequest("ana", DomainCluster.Taps(("cheer", 3))));
        var said = await main.SendChat(new SendChatRequest("ana", "hello from the front row"));
        await rally.ChangeChatPolicy(new BanViewer("mod-ezra", "troll", "raid organiser"));
        await domain.Time.AdvanceAsync(TimeSpan.FromSeconds(1));

        await domain.RestartAsync(ForgetHandedDownSetupAsync);
        (rally, main) = (domain.Grains.GetGrain<IRallyGrain>(rallyId), domain.Grains.GetGrain<IStreamGrain>(StreamKey.For(rallyId, "main-stage")));
        var before = await Assert.ThrowsAsync<RallyException>(() => main.GetSnapshot(forModerators: false).AsTask());
        var snapshot = await rally.GetSnapshot();
        var stream = await main.GetSnapshot(forModerators: false);
        var banned = await Assert.ThrowsAsync<RallyException>(() => main.Join(new JoinRequest("troll", "Troll")).AsTask());

        Assert.Equal(RallyErrorCode.StreamNotFound, before.Code);
        Assert.Equal(RallyStatus.Live, snapshot.Status);
        Assert.Equal((RallyStatus.Live, 3L), (stream.Setup.RallyStatus, stream.ReactionTotals["cheer"]));
        Assert.Equal(said.Id, Assert.Single(stream.RecentChat).Id);
        Assert.Equal(RallyErrorCode.ViewerBanned, banned.Code);
        Assert.Contains("troll", (await domain.Grains.GetGrain<IModerationGrain>(rallyId).GetPolicy()).BannedViewers);
    }

    /// <summary>Rewrites the stored states as the earlier version left them: no handed-down setup anywhere.</summary>
    private static async Task ForgetHandedDownSetupAsync(string dataFile)
    {
        await using var connection = new SqliteConnection($"Data Source={dataFile};Pooling=False");
        await connection.OpenAsync();
        await using var update = connection.CreateCommand();
        update.CommandText = """
            UPDATE grain_state SET payload = CAST(json_remove(CAST(payload AS TEXT), '$.setupHandedDown') AS BLOB) WHERE grain_type = 'rally';
            UPDATE grain_state SET payload = CAST(json_remove(CAST(payload AS TEXT), '$.setup') AS BLOB) WHERE grain_type = 'stream';
            UPDATE grain_state SET payload = CAST(json_remove(CAST(payload AS TEXT), '$.streamIds') AS BLOB) WHERE grain_type = 'moderation';
            UPDATE grain_state SET payload = CAST(json_remove(CAST(payload AS TEXT), '$.valences') AS BLOB) WHERE grain_type = 'crowdsentiment';
            """;
        Assert.True(await update.ExecuteNonQueryAsync() >= 4);
    }
}
