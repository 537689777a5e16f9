namespace RallyLive.Grains.Runtime.Storage.Sqlite;

/// <summary>
/// One queued write (or, with a null payload, a clear) and the task its grain awaits: the new version once
/// the transaction holding it has committed.
/// </summary>
internal sealed record SqliteWrite(string StateName, GrainId GrainId, string? HeldEtag, byte[]? Payload)
{
    private readonly TaskCompletionSource<long?> _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<long?> Committed => _committed.Task;

    public long? NewVersion { get; set; }

    public Exception? Rejection { get; set; }

    public void Complete()
    {
        if (Rejection is null)
        {
            _committed.TrySetResult(NewVersion);
        }
        else
        {
            _committed.TrySetException(Rejection);
        }
    }

    public void Fail(Exception exception) => _committed.TrySetException(exception);
}
