using RallyLive.Abstractions;

namespace RallyLive.Grains;

/// <summary>Checks on text that comes from clients, each with its typed error.</summary>
internal static class TextLimits
{
    /// <summary>Returns <paramref name="text"/> trimmed, or refuses it when empty or longer than <paramref name="maxLength"/>.</summary>
    public static string Require(string? text, int maxLength, string what)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw new RallyException(RallyErrorCode.TextEmpty, $"The {what} is empty.");
        }

        return trimmed.Length <= maxLength
            ? trimmed
            : throw new RallyException(RallyErrorCode.TextTooLong, $"The {what} has {trimmed.Length} characters; at most {maxLength} are allowed.");
    }
}
