using RallyLive.Abstractions;
using RallyLive.Domain.Moderation;

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

    /// <summary>A moderator's reason: optional, cleaned of control characters and spacing, at most <paramref name="maxLength"/> long.</summary>
    public static string? OptionalReason(string? reason, int maxLength) =>
        string.IsNullOrWhiteSpace(reason) ? null : Require(TextNormalizer.Clean(reason), maxLength, "reason");
}
