using RallyLive.Server.Health;
using RallyLive.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddRallyLiveGrains();
builder.AddRallyLiveHealth();
builder.AddStartupBanner();

var app = builder.Build();
app.MapRallyLiveHealth();

app.Run();

/// <summary>The server's entry point, visible to the in-process tests.</summary>
public partial class Program;
