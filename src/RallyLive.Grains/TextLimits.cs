using RallyLive.Abstractions;
using RallyLive.Domain.Moderation;

namespace RallyLive.Grains;

/// <summary>
/// Checks on text that people type (chat, display names, titles, names, bios, poll questions and options, pins,
/// reasons, blocked terms), each with its typed error. Every such field passes <see cref="Require"/>, so every one is
/// cleaned by the one sanitiser chat uses.
/// </summary>
internal static class TextLimits
{
    /// <summary>
    /// Returns <paramref name="text"/> cleaned by <see cref="TextNormalizer.Clean"/> (no NUL or other control
    /// characters, no bidirectional overrides or zero-width characters outside emoji sequences, whitespace collapsed to
    /// single spaces and trimmed, NFKC), or refuses it when that leaves nothing or more than <paramref name="maxLength"/>
    /// characters.
    /// </summary>
    public static string Require(string? text, int maxLength, string what)
    {
        var cleaned = TextNormalizer.Clean(text ?? string.Empty);
        if (cleaned.Length == 0)
        {
            throw new RallyException(RallyErrorCode.TextEmpty, $"The {what} is empty.");
        }

        return cleaned.Length <= maxLength
            ? cleaned
            : throw new RallyException(RallyErrorCode.TextTooLong, $"The {what} has {cleaned.Length} characters; at most {maxLength} are allowed.");
    }

    /// <summary>Optional text (a reason, a cause, a bio): null when blank, else as <see cref="Require"/> returns it.</summary>
    public static string? Optional(string? text, int maxLength, string what) =>
        string.IsNullOrWhiteSpace(text) ? null : Require(text, maxLength, what);

    /// <summary>A moderator's reason: optional, cleaned, at most <paramref name="maxLength"/> long.</summary>
    public static string? OptionalReason(string? reason, int maxLength) => Optional(reason, maxLength, "reason");
}
