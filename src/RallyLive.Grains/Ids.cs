using System.Text.RegularExpressions;

namespace RallyLive.Grains;

/// <summary>
/// Ids that clients send and that become parts of grain keys: lower-case letters, digits and dashes,
/// 1 to 40 characters, so that they can never smuggle a key separator or markup.
/// </summary>
internal static partial class Ids
{
    public static string Require(string? id, string what) =>
        id is not null && IdPattern().IsMatch(id)
            ? id
            : throw new RallyException(RallyErrorCode.InvalidRequest, $"The {what} id must be 1 to 40 lower-case letters, digits or dashes.");

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
