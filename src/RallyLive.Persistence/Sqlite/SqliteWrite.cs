using Orleans.Storage;

namespace RallyLive.Persistence.Sqlite;

/// <summary>What the writer needs of any queued change.</summary>
internal interface ISqliteWrite
{
    void Apply(SqliteCommands commands, string now);

    void Complete();

    void Fail(Exception exception);
}

/// <summary>
/// One queued change and the task its grain awaits, completed only after the transaction holding it has
/// committed. A change that is rejected on its own merits (an ETag mismatch) changes nothing and is failed
/// alone; a failed transaction fails every change in it.
/// </summary>
internal abstract class SqliteWrite<TResult>(GrainId grainId) : ISqliteWrite
{
    private readonly TaskCompletionSource<TResult> _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TResult? _result;
    private InconsistentStateException? _rejection;

    public GrainId GrainId { get; } = grainId;

    public Task<TResult> Committed => _committed.Task;

    public void Apply(SqliteCommands commands, string now)
    {
        try
        {
            _result = Execute(commands, now);
        }
        catch (InconsistentStateException rejection)
        {
            _rejection = rejection;
        }
    }

    public void Complete()
    {
        if (_rejection is null)
        {
            _committed.TrySetResult(_result!);
        }
        else
        {
            _committed.TrySetException(_rejection);
        }
    }

    public void Fail(Exception exception) => _committed.TrySetException(exception);

    protected abstract TResult Execute(SqliteCommands commands, string now);
}

/// <summary>Writes (or, with a null payload, clears) a grain state if the held ETag matches; the result is the new version.</summary>
internal sealed class StateWrite(string stateName, GrainId grainId, string? heldEtag, byte[]? payload) : SqliteWrite<long?>(grainId)
{
    protected override long? Execute(SqliteCommands commands, string now)
    {
        var expected = StoredVersion.FromEtag(heldEtag);
        var stored = commands.StateVersion(GrainId, stateName);
        if (stored != expected)
        {
            throw StoredVersion.Conflict(stateName, GrainId, stored, heldEtag);
        }

        if (stored is null && payload is null)
        {
            // Clearing a state that was never stored changes nothing.
            return null;
        }

        var version = (stored ?? 0) + 1;
        commands.PutState(GrainId, stateName, version, payload, now);
        return version;
    }
}

/// <summary>Stores or, with a null payload, removes one record of a grain's collection.</summary>
internal sealed class RecordWrite(string collection, GrainId grainId, string key, byte[]? payload) : SqliteWrite<bool>(grainId)
{
    protected override bool Execute(SqliteCommands commands, string now)
    {
        commands.PutRecord(GrainId, collection, key, payload, now);
        return true;
    }
}
