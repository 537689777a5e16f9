namespace RallyLive.Server.Operations;

/// <summary>
/// <c>RallyLive:Operations</c>: the operator key that opens <c>/metrics</c> and the Orleans dashboard. Without a key
/// both refuse every request (and the dashboard is not even added to the silo), so a server never shows its insides
/// by default.
/// </summary>
public sealed class OperationsOptions
{
    public const string SectionName = "RallyLive:Operations";

    /// <summary>The shortest key accepted: a key anyone could guess would make the protection a formality.</summary>
    public const int MinimumKeyLength = 24;

    /// <summary>
    /// The operator key: sent as <c>Authorization: Bearer {key}</c> (Prometheus' <c>authorization</c> setting) or as the
    /// password of HTTP Basic authentication (a browser's prompt, any user name). At least 24 characters.
    /// </summary>
    public string? Key { get; set; }

    /// <summary>Whether the Orleans dashboard runs (at <see cref="DashboardPath"/>) when a key is set; on by default.</summary>
    public bool Dashboard { get; set; } = true;

    /// <summary>Where the dashboard is served.</summary>
    public string DashboardPath { get; set; } = "/dashboard";

    public bool HasKey => !string.IsNullOrEmpty(Key);

    public static OperationsOptions From(IConfiguration configuration) =>
        configuration.GetSection(SectionName).Get<OperationsOptions>() ?? new OperationsOptions();
}
