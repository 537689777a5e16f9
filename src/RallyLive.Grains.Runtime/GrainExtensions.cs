using System.Globalization;
using RallyLive.Grains.Runtime.Invocation;

namespace RallyLive.Grains.Runtime;

/// <summary>Key accessors for grain references and grain instances.</summary>
public static class GrainExtensions
{
    public static GrainId GetGrainId(this IAddressable grain) => grain switch
    {
        GrainReference reference => reference.GrainId,
        Grain instance => instance.GrainId,
        null => throw new ArgumentNullException(nameof(grain)),
        _ => throw new ArgumentException($"{grain.GetType().Name} is neither a grain reference nor a grain.", nameof(grain)),
    };

    public static string GetPrimaryKeyString(this IAddressable grain) => grain.GetGrainId().Key;

    public static Guid GetPrimaryKey(this IAddressable grain)
    {
        var id = grain.GetGrainId();
        return Guid.TryParseExact(id.Key, "N", out var key)
            ? key
            : throw new InvalidOperationException($"Grain {id} does not have a Guid key.");
    }

    public static long GetPrimaryKeyLong(this IAddressable grain)
    {
        var id = grain.GetGrainId();
        return long.TryParse(id.Key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var key)
            ? key
            : throw new InvalidOperationException($"Grain {id} does not have an integer key.");
    }

    internal static string FormatKey(Guid key) => key.ToString("N");

    internal static string FormatKey(long key) => key.ToString(CultureInfo.InvariantCulture);
}
