using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RallyLive.Persistence.Sqlite;

/// <summary>
/// The SQLite storage's group commits, on the <c>RallyLive.Persistence</c> meter: how long each transaction takes
/// (the fsync included) and how many writes it carries. The meter is static because storages are built by Orleans'
/// storage factory as well as directly by tests and tools; every measurement carries the storage's name.
/// </summary>
internal static class SqliteStorageMetrics
{
    public const string MeterName = "RallyLive.Persistence";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> CommitDuration = Meter.CreateHistogram(
        "rallylive.storage.commit.duration", unit: "s",
        description: "How long one group commit of the SQLite storage takes, from BEGIN IMMEDIATE to the committed fsync, by outcome.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });

    private static readonly Histogram<int> CommitWrites = Meter.CreateHistogram(
        "rallylive.storage.commit.writes", unit: "{write}",
        description: "How many queued writes (states and records) one group commit carries.",
        tags: null,
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024] });

    public static void Committed(string storage, int writes, long startedTimestamp, bool succeeded)
    {
        var tags = new TagList { { "storage", storage }, { "outcome", succeeded ? "committed" : "failed" } };
        CommitDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, tags);
        CommitWrites.Record(writes, tags);
    }
}
