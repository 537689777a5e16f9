using System.Collections.Immutable;

namespace RallyLive.Domain.Narratives;

/// <summary>
/// A MinHash signature: for each hash function of the family, the least hash over the text's shingles. Two signatures are
/// equal when their values are (the values, not the array that holds them).
/// </summary>
/// <param name="Values">One value per hash function, <see cref="MinHashOptions.SignatureLength"/> of them.</param>
public sealed record MinHashSignature(ImmutableArray<uint> Values)
{
    /// <summary>Value equality over <see cref="Values"/>.</summary>
    public bool Equals(MinHashSignature? other) =>
        other is not null && Values.AsSpan().SequenceEqual(other.Values.AsSpan());

    /// <summary>A hash of the first values, consistent with <see cref="Equals(MinHashSignature?)"/>.</summary>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var value in Values.AsSpan()[..Math.Min(8, Values.Length)])
        {
            hash.Add(value);
        }

        return hash.ToHashCode();
    }
}
