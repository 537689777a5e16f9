using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;
using RallyLive.Server.Realtime.Delivery;

namespace RallyLive.Server.Realtime;

/// <summary>
/// The hubs' connections and groups on this node, in place of SignalR's default lifetime manager, with one
/// difference: a send never waits for a slow client. Each message is serialised once for all its recipients and
/// written to each connection; a write that cannot complete at once (the client's buffers are full) is left to
/// finish on its own, in order behind that connection's earlier writes. A connection with more than
/// <see cref="RealtimeOptions.MaxPendingWritesPerConnection"/> such writes (a viewer's; an organiser's or moderator's
/// <see cref="RealtimeOptions.MaxPendingWritesPerStaffConnection"/>) is stalled, and is closed so that it
/// neither holds up the others nor holds memory without bound; the client reconnects and catches up.
/// </summary>
public sealed partial class RallyHubLifetimeManager<THub>(
    IOptions<RealtimeOptions> options,
    RealtimeMetrics metrics,
    SendBacklog backlog,
    ILogger<RallyHubLifetimeManager<THub>> logger) : HubLifetimeManager<THub>
    where THub : Hub
{
    private readonly ConcurrentDictionary<string, Member> _connections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Member>> _groups = new(StringComparer.Ordinal);
    private readonly int _maxPendingWrites = typeof(THub) == typeof(ViewerHub)
        ? options.Value.MaxPendingWritesPerConnection
        : options.Value.MaxPendingWritesPerStaffConnection;

    public override Task OnConnectedAsync(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connections[connection.ConnectionId] = new Member(connection);
        backlog.Connected();
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (_connections.TryRemove(connection.ConnectionId, out var member))
        {
            backlog.Disconnected();
            foreach (var group in member.Groups())
            {
                Leave(group, connection.ConnectionId);
            }
        }

        return Task.CompletedTask;
    }

    public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        if (_connections.TryGetValue(connectionId, out var member) && member.Join(groupName))
        {
            _groups.GetOrAdd(groupName, _ => new(StringComparer.Ordinal))[connectionId] = member;
            if (!_connections.ContainsKey(connectionId))
            {
                Leave(groupName, connectionId); // It disconnected meanwhile, after its groups were left.
            }
        }

        return Task.CompletedTask;
    }

    public override Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        if (_connections.TryGetValue(connectionId, out var member) && member.Leave(groupName))
        {
            Leave(groupName, connectionId);
        }

        return Task.CompletedTask;
    }

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        Send(_connections.Values, methodName, args);

    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        Send(_connections.Values.Where(m => !excludedConnectionIds.Contains(m.Connection.ConnectionId)), methodName, args);

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendConnectionsAsync([connectionId], methodName, args, cancellationToken);

    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        Send(Lookup(_connections, connectionIds), methodName, args);

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        Send(GroupMembers(groupName), methodName, args); // one group has each connection once: no need to tell them apart

    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        Send(groupNames.SelectMany(GroupMembers).DistinctBy(m => m.Connection.ConnectionId), methodName, args);

    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        Send(GroupMembers(groupName).Where(m => !excludedConnectionIds.Contains(m.Connection.ConnectionId)), methodName, args);

    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendUsersAsync([userId], methodName, args, cancellationToken);

    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        Send(_connections.Values.Where(m => m.Connection.UserIdentifier is { } user && userIds.Contains(user)), methodName, args);

    private IEnumerable<Member> GroupMembers(string groupName) =>
        _groups.TryGetValue(groupName, out var members) ? members.Values : [];

    private static IEnumerable<Member> Lookup(ConcurrentDictionary<string, Member> members, IReadOnlyList<string> connectionIds)
    {
        foreach (var id in connectionIds)
        {
            if (members.TryGetValue(id, out var member))
            {
                yield return member;
            }
        }
    }

    private void Leave(string groupName, string connectionId)
    {
        if (_groups.TryGetValue(groupName, out var members) && members.TryRemove(connectionId, out _) && members.IsEmpty)
        {
            // A group left empty is dropped, unless someone joined it meanwhile.
            _groups.TryRemove(new KeyValuePair<string, ConcurrentDictionary<string, Member>>(groupName, members));
        }
    }

    /// <summary>Serialises the message once and writes it to every recipient without waiting for any of them.</summary>
    private Task Send(IEnumerable<Member> recipients, string methodName, object?[] args)
    {
        var message = new SerializedHubMessage(new InvocationMessage(methodName, args));
        var written = 0;
        foreach (var member in recipients)
        {
            written += Write(member, message) ? 1 : 0;
        }

        metrics.WrittenToClients(methodName, written);

        return Task.CompletedTask;
    }

    /// <summary>Starts writing to one connection; false when the connection was already closing.</summary>
    private bool Write(Member member, SerializedHubMessage message)
    {
        ValueTask write;
        try
        {
            write = member.Connection.WriteAsync(message);
        }
        catch (Exception exception) when (exception is InvalidOperationException or ObjectDisposedException)
        {
            return false; // The connection is closing; its disconnect removes it.
        }

        if (write.IsCompletedSuccessfully)
        {
            return true;
        }

        var waiting = member.WriteStarted();
        if (waiting == 1)
        {
            backlog.FellBehind();
        }

        if (waiting > _maxPendingWrites && member.MarkDropped())
        {
            LogStalledConnectionClosed(logger, member.Connection.ConnectionId, _maxPendingWrites);
            metrics.StalledConnectionClosed();
            member.Connection.Abort();
        }

        _ = Finish(member, write);
        return true;
    }

    private async Task Finish(Member member, ValueTask write)
    {
        try
        {
            await write;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A write to a closed or aborted connection: nothing more to do for it.
        }
        finally
        {
            if (member.WriteFinished() == 0)
            {
                backlog.CaughtUp();
            }
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Closed connection {ConnectionId}: it had more than {Limit} messages waiting to be written (a stalled client)")]
    private static partial void LogStalledConnectionClosed(ILogger logger, string connectionId, int limit);

    /// <summary>A connection, its groups, and how many of its writes are waiting.</summary>
    private sealed class Member(HubConnectionContext connection)
    {
        private readonly HashSet<string> _groups = new(StringComparer.Ordinal);
        private int _pendingWrites;
        private int _dropped;

        public HubConnectionContext Connection { get; } = connection;

        public bool Join(string group)
        {
            lock (_groups)
            {
                return _groups.Add(group);
            }
        }

        public bool Leave(string group)
        {
            lock (_groups)
            {
                return _groups.Remove(group);
            }
        }

        public string[] Groups()
        {
            lock (_groups)
            {
                return [.. _groups];
            }
        }

        public int WriteStarted() => Interlocked.Increment(ref _pendingWrites);

        /// <summary>Returns the writes still waiting.</summary>
        public int WriteFinished() => Interlocked.Decrement(ref _pendingWrites);

        /// <summary>True the first time only, so a stalled connection is closed, logged and counted once.</summary>
        public bool MarkDropped() => Interlocked.Exchange(ref _dropped, 1) == 0;
    }
}
