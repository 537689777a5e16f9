using System.Text.RegularExpressions;
using RallyLive.Abstractions;

namespace RallyLive.Grains;

/// <summary>
/// Ids that clients send and that become parts of grain keys: lower-case letters, digits and dashes,
/// 1 to 40 characters, so that they can never smuggle a key separator or markup. Viewer and actor ids come
/// from signed tokens and are only bounded.
/// </summary>
public static partial class Ids
{
    private const int MaxPersonIdLength = 64;

    /// <summary>
    /// A viewer id as viewer tokens carry them (<c>v-</c> and hex digits): lower-case letters, digits and dashes, 1 to
    /// 64 characters. A moderator's ban, timeout or unban names the viewer by it, so a mistyped or made-up id is refused.
    /// </summary>
    public static string RequireViewer(string? viewerId) =>
        viewerId is not null && PersonIdPattern().IsMatch(viewerId)
            ? viewerId
            : throw new RallyException(RallyErrorCode.InvalidRequest, $"A viewer id is 1 to {MaxPersonIdLength} lower-case letters, digits or dashes.");

    /// <summary>Whether an id has the shape of a viewer id (see <see cref="RequireViewer"/>).</summary>
    public static bool IsViewer(string? viewerId) => viewerId is not null && PersonIdPattern().IsMatch(viewerId);

    /// <summary>The organiser or moderator taking an action, for the audit trail.</summary>
    public static string RequireActor(string? actorId, string role) =>
        !string.IsNullOrWhiteSpace(actorId) && actorId.Length <= MaxPersonIdLength
            ? actorId
            : throw new RallyException(RallyErrorCode.InvalidRequest, $"An action needs the id of the {role} taking it.");

    /// <summary>Returns the id, or refuses it with <see cref="RallyErrorCode.InvalidRequest"/>.</summary>
    public static string Require(string? id, string what) =>
        id is not null && IdPattern().IsMatch(id)
            ? id
            : throw new RallyException(RallyErrorCode.InvalidRequest, $"The {what} id must be 1 to 40 lower-case letters, digits or dashes.");

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex PersonIdPattern();
}
