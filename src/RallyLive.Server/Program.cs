using RallyLive.Server.Api;
using RallyLive.Server.Auth;
using RallyLive.Server.Demo;
using RallyLive.Server.Health;
using RallyLive.Server.Hosting;
using RallyLive.Server.Operations;
using RallyLive.Server.Realtime;
using RallyLive.Server.Web;

SendBufferPool.Configure(); // first: the runtime reads it once, when its array pool is first used
var builder = WebApplication.CreateBuilder(args);
builder.AddServerLimits();
builder.AddTrustedProxies();
builder.AddRallyLiveGrains();
builder.AddRallyLiveAuth();
builder.AddRallyLiveApi();
builder.AddHttpRateLimits();
builder.AddRallyLiveRealtime();
builder.AddRallyLiveHealth();
builder.AddRallyLiveTelemetry();
builder.AddRallyLiveOperations();
builder.AddStartupBanner();
builder.AddRallyLiveDemo();

var app = builder.Build();
app.UseStoppingNodeRefusal();
app.UseTrustedProxies();
app.UseRallyLiveApi();
app.UseRallyLiveSecurity();
app.UseRateLimiter();
app.MapRallyLiveHealth();
app.MapRallyLiveOperations();
app.MapRallyApi();
app.MapRallyHubs();
app.MapRallyLiveWebUi();

app.Run();

/// <summary>The server's entry point, visible to the in-process tests.</summary>
public partial class Program;
