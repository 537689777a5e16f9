namespace RallyLive.Domain.Narratives;

/// <summary>What a detector holds in memory right now: for metrics, and for tests that memory stays bounded.</summary>
/// <param name="WindowMessages">Messages in the cluster window.</param>
/// <param name="IndexEntries">Signatures in the near-duplicate index.</param>
/// <param name="ThemePairs">Content-word pairs with a window or a baseline still worth keeping.</param>
/// <param name="ActiveNarratives">Narratives not yet expired.</param>
/// <param name="RaidStreams">Streams the raid detector keeps state for.</param>
/// <param name="SurgeStreams">Streams the sentiment-surge detector keeps state for.</param>
/// <param name="Viewers">Viewers whose recent activity is remembered (see <see cref="NarrativeDetectionOptions.ViewerMemory"/>).</param>
public sealed record NarrativeDetectorFootprint(int WindowMessages, int IndexEntries, int ThemePairs, int ActiveNarratives, int RaidStreams, int SurgeStreams, int Viewers);
