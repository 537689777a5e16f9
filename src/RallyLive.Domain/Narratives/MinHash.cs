using System.Collections.Immutable;

namespace RallyLive.Domain.Narratives;

/// <summary>
/// MinHash (Broder, 1997) over character shingles: two texts' signatures agree at each position with probability equal to
/// the Jaccard similarity of their shingle sets, so the fraction of agreeing positions estimates it with a standard error
/// of about √(s(1-s)/k) for k hash functions (0.05 at s = 0.5, k = 100).
/// Shingles are hashed with 64-bit FNV-1a over their UTF-16 code units; hash function i is the SplitMix64 finaliser of
/// that hash XOR the i-th seed drawn from <see cref="MinHashOptions.Seed"/>. Everything is deterministic across processes
/// (unlike <see cref="HashCode"/>, which is randomised per process). Immutable and thread-safe.
/// </summary>
public sealed class MinHash
{
    private const ulong FnvOffsetBasis = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;

    private readonly ulong[] _seeds;

    /// <summary>Creates the hash family described by <paramref name="options"/>.</summary>
    public MinHash(MinHashOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ShingleLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Bands, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RowsPerBand, 1);
        Options = options;
        _seeds = new ulong[options.SignatureLength];
        var state = options.Seed;
        for (var i = 0; i < _seeds.Length; i++)
        {
            state += 0x9E3779B97F4A7C15;
            _seeds[i] = Mix(state);
        }
    }

    /// <summary>The options this family was built from.</summary>
    public MinHashOptions Options { get; }

    /// <summary>
    /// The signature of an already normalised text. A text shorter than a shingle is one shingle; an empty text has no
    /// shingles and gets the all-maximum signature, which matches only other empty texts.
    /// </summary>
    public MinHashSignature Compute(string normalizedText)
    {
        ArgumentNullException.ThrowIfNull(normalizedText);
        var values = new uint[_seeds.Length];
        Array.Fill(values, uint.MaxValue);
        foreach (var shingle in ShingleHashes(normalizedText, Options.ShingleLength))
        {
            for (var i = 0; i < values.Length; i++)
            {
                var h = (uint)(Mix(shingle ^ _seeds[i]) >> 32);
                if (h < values[i])
                {
                    values[i] = h;
                }
            }
        }

        return new MinHashSignature(ImmutableArray.Create(values));
    }

    /// <summary>The fraction of positions where two signatures of the same family agree: the estimated Jaccard similarity.</summary>
    /// <exception cref="ArgumentException">The signatures have different lengths (different families).</exception>
    public static double EstimateJaccard(MinHashSignature a, MinHashSignature b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Values.Length != b.Values.Length || a.Values.IsEmpty)
        {
            throw new ArgumentException("Signatures must come from the same, non-empty hash family.", nameof(b));
        }

        var same = 0;
        for (var i = 0; i < a.Values.Length; i++)
        {
            if (a.Values[i] == b.Values[i])
            {
                same++;
            }
        }

        return (double)same / a.Values.Length;
    }

    /// <summary>The distinct FNV-1a hashes of the text's overlapping shingles of <paramref name="length"/> characters.</summary>
    public static IReadOnlySet<ulong> ShingleHashes(string text, int length)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        var hashes = new HashSet<ulong>();
        if (text.Length <= length)
        {
            if (text.Length > 0)
            {
                hashes.Add(Fnv1a64(text));
            }

            return hashes;
        }

        for (var start = 0; start + length <= text.Length; start++)
        {
            hashes.Add(Fnv1a64(text.AsSpan(start, length)));
        }

        return hashes;
    }

    /// <summary>The exact Jaccard similarity |A ∩ B| / |A ∪ B| of two sets; 1 for two empty sets.</summary>
    public static double Jaccard<T>(IReadOnlySet<T> a, IReadOnlySet<T> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var union = a.Count + b.Count;
        if (union == 0)
        {
            return 1;
        }

        var intersection = a.Count(b.Contains);
        return (double)intersection / (union - intersection);
    }

    /// <summary>64-bit FNV-1a over the UTF-16 code units of <paramref name="text"/>, low byte first.</summary>
    public static ulong Fnv1a64(ReadOnlySpan<char> text)
    {
        var hash = FnvOffsetBasis;
        foreach (var c in text)
        {
            hash = (hash ^ (byte)c) * FnvPrime;
            hash = (hash ^ (byte)(c >> 8)) * FnvPrime;
        }

        return hash;
    }

    /// <summary>SplitMix64's finaliser (Steele, Lea and Flood, 2014): a cheap bijection with good avalanche.</summary>
    internal static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
