using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using RallyLive.Server.Auth;

namespace RallyLive.Server.Realtime;

/// <summary>The open hub connections of each person in each rally, so that a ban or a revoked key can close them.</summary>
public sealed class RallyConnections
{
    private readonly ConcurrentDictionary<(string RallyId, RallyRole Role, string SubjectId), ConcurrentDictionary<string, HubCallerContext>> _open = new();

    public void Opened(string rallyId, RallyRole role, string subjectId, HubCallerContext connection) =>
        _open.GetOrAdd((rallyId, role, subjectId), _ => new()).TryAdd(connection.ConnectionId, connection);

    public void Closed(string rallyId, RallyRole role, string subjectId, string connectionId)
    {
        if (_open.TryGetValue((rallyId, role, subjectId), out var connections) && connections.TryRemove(connectionId, out _) && connections.IsEmpty)
        {
            _open.TryRemove(KeyValuePair.Create((rallyId, role, subjectId), connections));
        }
    }

    /// <summary>Closes every open connection of the person in that role in the rally.</summary>
    public void CloseAll(string rallyId, RallyRole role, string subjectId)
    {
        if (_open.TryGetValue((rallyId, role, subjectId), out var connections))
        {
            foreach (var connection in connections.Values)
            {
                connection.Abort();
            }
        }
    }
}
