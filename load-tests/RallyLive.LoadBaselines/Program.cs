using RallyLive.LoadBaselines;

// Usage: RallyLive.LoadBaselines --mode l0|naive [--urls http://127.0.0.1:5090]
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(o =>
{
    o.Limits.MaxConcurrentConnections = 100_000;
    o.Limits.MaxConcurrentUpgradedConnections = 100_000;
});
var mode = builder.Configuration["mode"] ?? "l0";
if (mode == "naive")
{
    builder.Services.AddSignalR();
}
else
{
    builder.Services.AddSingleton<RawFanOut>();
    builder.Services.AddHostedService(sp => sp.GetRequiredService<RawFanOut>());
}

var app = builder.Build();
if (mode == "naive")
{
    app.MapHub<NaiveRelayHub>("/naive");
}
else
{
    app.UseWebSockets();
    app.Map("/l0", (HttpContext context, RawFanOut fanOut) => fanOut.AcceptAsync(context));
}

app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine($"Baseline {mode} is running at {string.Join(", ", app.Urls)}"));
await app.RunAsync();
