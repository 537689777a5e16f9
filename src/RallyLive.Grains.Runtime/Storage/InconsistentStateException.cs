namespace RallyLive.Grains.Runtime.Storage;

/// <summary>A write or clear was rejected because the stored record's ETag differs from the one the grain holds.</summary>
public sealed class InconsistentStateException(string message, string? storedEtag, string? currentEtag) : Exception(message)
{
    /// <summary>The ETag in storage.</summary>
    public string? StoredEtag { get; } = storedEtag;

    /// <summary>The ETag the grain held.</summary>
    public string? CurrentEtag { get; } = currentEtag;
}
