using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using RallyLive.Server.Auth;

namespace RallyLive.Server.Realtime;

/// <summary>
/// The open hub connections of each person in each rally, and the streams each connection watches: so that a ban
/// or a revoked key can close them, and a viewer whose last connection on a stream closes leaves its presence.
/// </summary>
public sealed class RallyConnections
{
    private readonly ConcurrentDictionary<(string RallyId, RallyRole Role, string SubjectId), ConcurrentDictionary<string, OpenConnection>> _open = new();

    public void Opened(string rallyId, RallyRole role, string subjectId, HubCallerContext connection) =>
        _open.GetOrAdd((rallyId, role, subjectId), _ => new()).TryAdd(connection.ConnectionId, new OpenConnection(connection));

    /// <summary>
    /// Forgets a closed connection and returns the streams it watched that no other open connection of the same
    /// person watches: the streams the person has now left.
    /// </summary>
    public IReadOnlyList<string> Closed(string rallyId, RallyRole role, string subjectId, string connectionId)
    {
        var person = (rallyId, role, subjectId);
        if (!_open.TryGetValue(person, out var connections) || !connections.TryRemove(connectionId, out var closed))
        {
            return [];
        }

        if (connections.IsEmpty)
        {
            _open.TryRemove(KeyValuePair.Create(person, connections));
        }

        return [.. closed.Streams.Keys.Where(streamId => !connections.Values.Any(other => other.Streams.ContainsKey(streamId)))];
    }

    /// <summary>Records that the connection watches the stream.</summary>
    public void Watching(string rallyId, RallyRole role, string subjectId, string connectionId, string streamId)
    {
        if (_open.TryGetValue((rallyId, role, subjectId), out var connections) && connections.TryGetValue(connectionId, out var connection))
        {
            connection.Streams.TryAdd(streamId, 0);
        }
    }

    /// <summary>Records that the connection no longer watches the stream; true when another connection of the person still does.</summary>
    public bool StoppedWatching(string rallyId, RallyRole role, string subjectId, string connectionId, string streamId)
    {
        if (!_open.TryGetValue((rallyId, role, subjectId), out var connections))
        {
            return false;
        }

        if (connections.TryGetValue(connectionId, out var connection))
        {
            connection.Streams.TryRemove(streamId, out _);
        }

        return connections.Values.Any(other => other.Streams.ContainsKey(streamId));
    }

    /// <summary>Closes every open connection of the person in that role in the rally.</summary>
    public void CloseAll(string rallyId, RallyRole role, string subjectId)
    {
        if (_open.TryGetValue((rallyId, role, subjectId), out var connections))
        {
            foreach (var connection in connections.Values)
            {
                connection.Context.Abort();
            }
        }
    }

    private sealed class OpenConnection(HubCallerContext context)
    {
        public HubCallerContext Context { get; } = context;

        public ConcurrentDictionary<string, byte> Streams { get; } = new(StringComparer.Ordinal);
    }
}
