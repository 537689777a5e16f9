using System.Collections.Immutable;

namespace RallyLive.Grains.Narratives;

/// <summary>A MinHash signature: for each hash function of the family, the least hash over the text's shingles.</summary>
/// <param name="Values">One value per hash function, <see cref="MinHashOptions.SignatureLength"/> of them.</param>
public sealed record MinHashSignature(ImmutableArray<uint> Values);
