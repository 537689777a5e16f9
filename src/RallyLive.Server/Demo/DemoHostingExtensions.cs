namespace RallyLive.Server.Demo;

/// <summary>The built-in demo, when <c>RallyLive:Demo:Enabled</c> is true.</summary>
public static class DemoHostingExtensions
{
    public static WebApplicationBuilder AddRallyLiveDemo(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.SectionName)
            .Validate(o => o.Speed > 0 && o.Viewers is null or > 0 && o.ProgressEvery > TimeSpan.Zero, "RallyLive:Demo: speed, viewers and progress interval must be positive.")
            .ValidateOnStart();
        if (builder.Configuration.GetValue<bool>($"{DemoOptions.SectionName}:{nameof(DemoOptions.Enabled)}"))
        {
            builder.Services.AddSingleton<LiveDemo>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<LiveDemo>());
        }

        return builder;
    }
}
