namespace RallyLive.Server.Auth;

/// <summary>How long tokens live. Bound from <c>RallyLive:Tokens</c>.</summary>
public sealed class TokenOptions
{
    public const string SectionName = "RallyLive:Tokens";

    public TimeSpan OrganiserKeyLifetime { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan ModeratorKeyLifetime { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan ViewerTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Where the keys that sign tokens are kept, so tokens survive a restart. Relative to the content root.</summary>
    public string KeyDirectory { get; set; } = "data/keys";
}
