using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace RallyLive.Server.Realtime;

/// <summary>The open viewer connections of each viewer, so that a ban can close them.</summary>
public sealed class ViewerConnections
{
    private readonly ConcurrentDictionary<(string RallyId, string ViewerId), ConcurrentDictionary<string, HubCallerContext>> _open = new();

    public void Opened(string rallyId, string viewerId, HubCallerContext connection) =>
        _open.GetOrAdd((rallyId, viewerId), _ => new()).TryAdd(connection.ConnectionId, connection);

    public void Closed(string rallyId, string viewerId, string connectionId)
    {
        if (_open.TryGetValue((rallyId, viewerId), out var connections) && connections.TryRemove(connectionId, out _) && connections.IsEmpty)
        {
            _open.TryRemove(KeyValuePair.Create((rallyId, viewerId), connections));
        }
    }

    /// <summary>Closes every open connection of the viewer in the rally.</summary>
    public void CloseAll(string rallyId, string viewerId)
    {
        if (_open.TryGetValue((rallyId, viewerId), out var connections))
        {
            foreach (var connection in connections.Values)
            {
                connection.Abort();
            }
        }
    }
}
