using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using RallyLive.Persistence.Sqlite;

namespace RallyLive.Persistence.Tests;

/// <summary>The SQLite file itself: its mode, a lock held by another process, damage found at open, never a hang.</summary>
public sealed class SqliteFileTests : IAsyncLifetime
{
    private readonly TemporaryDataFile _file = new();
    private readonly GrainId _grain = GrainId.Create("poll", Guid.NewGuid().ToString("N"));
    private readonly List<SqliteGrainStorage> _opened = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var storage in _opened)
        {
            await storage.DisposeAsync();
        }

        _file.Dispose();
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task NewFile_IsReadableAndWritableByItsOwnerOnly()
    {
        var storage = await OpenAsync();
        await storage.WriteRecordAsync(_grain, "chat", "001", [1]);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_file.Path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_file.Path + "-wal"));
    }

    [Fact]
    public async Task Write_WhileAnotherProcessHoldsTheWriteLock_FailsNamingTheFile_AndIsNotStored_ThenWritesSucceedOnceReleased()
    {
        var storage = await OpenAsync(TimeSpan.FromMilliseconds(200));
        var locked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var locker = ChildProcess.Start(line => { if (line == "locked") { locked.TrySetResult(); } }, "hold-lock", _file.Path);
        await locker.WaitAsync(locked.Task, TimeSpan.FromSeconds(60));

        var failure = await Assert.ThrowsAsync<SqliteGrainStorageException>(() => storage.WriteRecordAsync(_grain, "votes", "viewer-1", [1]));
        await locker.WriteLineAsync("release");
        await locker.ExitAsync();

        Assert.Contains(_file.Path, failure.Message, StringComparison.Ordinal);
        Assert.IsType<SqliteException>(failure.InnerException);
        Assert.Empty(await storage.ReadRecordsAsync(_grain, "votes", afterKey: null, limit: 10));
        await storage.WriteRecordAsync(_grain, "votes", "viewer-1", [1]);
        Assert.Single(await storage.ReadRecordsAsync(_grain, "votes", afterKey: null, limit: 10));
    }

    [Fact]
    public async Task Open_WhileAnotherProcessHoldsAnExclusiveLock_FailsNamingTheFile()
    {
        // Not yet in WAL mode, so the other process's EXCLUSIVE transaction shuts out readers too.
        var locked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var locker = ChildProcess.Start(line => { if (line == "locked") { locked.TrySetResult(); } }, "hold-lock", _file.Path);
        await locker.WaitAsync(locked.Task, TimeSpan.FromSeconds(60));

        var failure = await Assert.ThrowsAsync<SqliteGrainStorageException>(() => OpenAsync(TimeSpan.FromMilliseconds(200)));
        await locker.WriteLineAsync("release");
        await locker.ExitAsync();

        Assert.Contains(_file.Path, failure.Message, StringComparison.Ordinal);
        Assert.Contains("locked", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_OfAFileThatIsNotADatabase_FailsNamingTheFile()
    {
        await File.WriteAllTextAsync(_file.Path, string.Concat(Enumerable.Repeat("not a rally database ", 400)));

        var failure = await Assert.ThrowsAsync<SqliteGrainStorageException>(() => OpenAsync());

        Assert.Contains(_file.Path, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_OfAFileDamagedInTheMiddle_FailsNamingTheFile_BeforeAnyGrainReadsIt()
    {
        var storage = await OpenAsync();
        var payload = new byte[3000];
        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => storage.WriteRecordAsync(_grain, "chat", $"{i:D4}", payload)));
        await storage.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Assert.False(File.Exists(_file.Path + "-wal"), "The last connection to close should have checkpointed the WAL into the file.");
        await DamagePageAsync(_file.Path, fraction: 0.5);

        var failure = await Assert.ThrowsAsync<SqliteGrainStorageException>(() => OpenAsync());

        Assert.Contains(_file.Path, failure.Message, StringComparison.Ordinal);
        Assert.Contains("damaged", failure.Message, StringComparison.Ordinal);
    }

    /// <summary>Overwrites the page at <paramref name="fraction"/> of the file with 0xFF, as a bad sector or a torn copy would.</summary>
    private static async Task DamagePageAsync(string path, double fraction)
    {
        const int PageSize = 4096;
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        var pages = stream.Length / PageSize;
        Assert.True(pages > 10, $"The file has only {pages} pages.");
        stream.Position = (long)(pages * fraction) * PageSize;
        await stream.WriteAsync(Enumerable.Repeat((byte)0xFF, PageSize).ToArray());
    }

    private async Task<SqliteGrainStorage> OpenAsync(TimeSpan? busyTimeout = null)
    {
        var storage = new SqliteGrainStorage("test",
            new SqliteGrainStorageOptions { DataSource = _file.Path, BusyTimeout = busyTimeout ?? TimeSpan.FromSeconds(5) },
            NullLogger<SqliteGrainStorage>.Instance);
        _opened.Add(storage);
        await storage.OpenAsync();
        return storage;
    }
}
