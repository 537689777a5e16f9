using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace RallyLive.Server.Tests.Hubs;

/// <summary>
/// The official .NET SignalR client on one of the server's hubs, as the typed clients below share it. The typed clients
/// are the one place tests name hub methods and client messages, and they do it with <c>nameof</c> on the server's hubs
/// and client interfaces, with the server's own request and answer records: a renamed method or record is a compile error.
/// </summary>
public abstract partial class TypedHubClient : IAsyncDisposable
{
    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected TypedHubClient(HubConnection connection)
    {
        Connection = connection;
        Connection.Closed += error =>
        {
            _closed.TrySetResult(error);
            return Task.CompletedTask;
        };
    }

    public HubConnection Connection { get; }

    /// <summary>Completes when the connection has closed, with the error it closed with (the server's, when it gave one).</summary>
    public Task<Exception?> Closed => _closed.Task;

    /// <summary>
    /// The code of a refused call (docs/protocol.md): the client reports the server's error as
    /// <c>"An unexpected error occurred invoking 'Vote' on the server. HubException: PollClosed: The poll has closed."</c>.
    /// </summary>
    public static string? CodeOf(HubException refused)
    {
        ArgumentNullException.ThrowIfNull(refused);
        var code = RefusalCode().Match(refused.Message);
        return code.Success ? code.Groups["code"].Value : null;
    }

    /// <summary>"ok" when <paramref name="call"/> succeeds, or the code of its refusal.</summary>
    public static async Task<string> OutcomeOf(Task call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            await call;
            return "ok";
        }
        catch (HubException refused)
        {
            return CodeOf(refused) ?? refused.Message;
        }
    }

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return Connection.DisposeAsync();
    }

    /// <summary>
    /// Opens <c>/hubs/{hub}</c> as any client would: the token from an access-token provider, negotiation first, then
    /// WebSockets; enums as strings, as the server sends them. No automatic reconnect: tests reconnect themselves.
    /// </summary>
    /// <param name="forwardedFor">An <c>X-Forwarded-For</c> to send, as a proxy in front of the server would.</param>
    protected static async Task<HubConnection> StartAsync(string baseUrl, string hub, string token, string? forwardedFor = null,
        CancellationToken cancellationToken = default)
    {
        var connection = Build(baseUrl, hub, token, forwardedFor);
        await StartAsync(connection, cancellationToken);
        return connection;
    }

    /// <summary>Starts a connection built by <see cref="Build"/>, after its handlers are registered; disposes it if it fails.</summary>
    protected static async Task StartAsync(HubConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        try
        {
            await connection.StartAsync(cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A connection to <c>/hubs/{hub}</c> as <see cref="StartAsync(string, string, string, string?, CancellationToken)"/> opens it, not yet started.</summary>
    protected static HubConnection Build(string baseUrl, string hub, string token, string? forwardedFor = null) =>
        new HubConnectionBuilder()
            .WithUrl($"{baseUrl}/hubs/{hub}", o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                o.Transports = HttpTransportType.WebSockets;
                if (forwardedFor is not null)
                {
                    o.Headers["X-Forwarded-For"] = forwardedFor;
                }
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();

    [GeneratedRegex(@"HubException: (?<code>[A-Za-z]+): ")]
    private static partial Regex RefusalCode();
}
