namespace RallyLive.Domain.Narratives;

/// <summary>An indexed entry found similar to a query signature.</summary>
/// <param name="Key">The entry's key, as given to <see cref="NearDuplicateIndex.Add"/>.</param>
/// <param name="Similarity">Estimated Jaccard similarity between the entry and the query.</param>
public readonly record struct NearDuplicateMatch(long Key, double Similarity);
