using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace RallyLive.Server.Tests;

/// <summary>The real server on a real socket (127.0.0.1, a free port) and real time, for clients in other processes.</summary>
public sealed class LiveServer(IReadOnlyDictionary<string, string>? settings = null) : IAsyncLifetime
{
    private readonly ServerFactory _server = new() { UseManualClock = false, Settings = settings ?? new Dictionary<string, string>() };
    private HttpClient? _http;

    public string BaseUrl { get; private set; } = null!;

    public IServiceProvider Services => _server.Services;

    public ApiClient Api { get; private set; } = null!;

    public Task InitializeAsync()
    {
        _server.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _server.StartServer();
        BaseUrl = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        Api = new ApiClient(_http);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        await _server.DisposeAsync();
    }
}
