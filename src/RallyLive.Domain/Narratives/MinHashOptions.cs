namespace RallyLive.Domain.Narratives;

/// <summary>
/// The shape of the MinHash signatures and of their LSH banding. The defaults find pairs of messages whose character
/// trigrams overlap by about half or more: with b bands of r rows, two texts of Jaccard similarity s share a band with
/// probability 1 - (1 - s^r)^b, an S-curve whose steepest point is near (1/b)^(1/r) = (1/20)^(1/5) ≈ 0.55. At the
/// defaults: s = 0.3 → 5%, 0.5 → 47%, 0.6 → 80%, 0.7 → 97%, 0.8 → 100%. A cluster is joined through any one of its
/// members, so a 47% chance per pair at the threshold still finds a campaign of many near-identical messages.
/// </summary>
public sealed record MinHashOptions
{
    /// <summary>
    /// Characters per shingle. Three rather than four because chat messages are short (20 to 60 characters): a typo
    /// then changes at most three shingles out of twenty or more, and "is unsafe" still overlaps "is unsafe!!".
    /// </summary>
    public int ShingleLength { get; init; } = 3;

    /// <summary>LSH bands: more bands catch less similar pairs (a lower threshold) at the cost of more candidates.</summary>
    public int Bands { get; init; } = 20;

    /// <summary>Rows (hash functions) per band: more rows make the S-curve steeper and the threshold higher.</summary>
    public int RowsPerBand { get; init; } = 5;

    /// <summary>
    /// Seed of the hash family. Fixed, so that a signature computed in one process or on one day compares with one
    /// computed in another ("RALLYLIV" in ASCII). Changing it changes every signature.
    /// </summary>
    public ulong Seed { get; init; } = 0x52414C4C594C4956;

    /// <summary>Hash functions per signature: <see cref="Bands"/> x <see cref="RowsPerBand"/>.</summary>
    public int SignatureLength => Bands * RowsPerBand;
}
