using System.Globalization;
using Orleans.Storage;

namespace RallyLive.Persistence;

/// <summary>The ETags of RallyLive's storages: the stored state's version number, which every write and clear increments.</summary>
internal static class StoredVersion
{
    public static string? ToEtag(long? version) => version?.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses an ETag the grain holds; one that no storage of ours issued can never match.</summary>
    public static long? FromEtag(string? etag) =>
        etag is null ? null : long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : -1;

    public static InconsistentStateException Conflict(string stateName, GrainId grainId, long? stored, string? held) =>
        new($"State '{stateName}' of grain {grainId} is at version {ToEtag(stored) ?? "none"} in storage, but the grain holds version {held ?? "none"}.",
            ToEtag(stored), held);
}
