using RallyLive.Persistence.Records;

namespace RallyLive.Persistence.Tests.Grains;

/// <summary>A grain whose records name a storage that cannot keep records: it must fail to activate, clearly.</summary>
public interface IMisplacedRecordsGrain : IGrainWithStringKey
{
    /// <summary>Any call activates the grain.</summary>
    Task Ping();
}

public sealed class MisplacedRecordsGrain([PersistentRecords("notes", ClusterFixture.PlainStorage)] IPersistentRecords<string> notes) : Grain, IMisplacedRecordsGrain
{
    public Task Ping() => notes.WriteAsync("first", "never stored");
}
