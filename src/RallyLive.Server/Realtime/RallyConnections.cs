using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using RallyLive.Abstractions.Streams;
using RallyLive.Server.Auth;

namespace RallyLive.Server.Realtime;

/// <summary>
/// The open hub connections of each person in each rally, the streams each connection watches, and when each
/// connection's token expires: so that a ban or a revoked key can close them, a viewer whose last connection on a
/// stream closes leaves its presence, and no connection outlives its token (<see cref="ExpiredTokenSweep"/>). A person's
/// connections are kept under one lock of their own; most people have one connection, so this holds a few small
/// objects per connection rather than a concurrent dictionary.
/// </summary>
public sealed class RallyConnections
{
    private readonly ConcurrentDictionary<(string RallyId, RallyRole Role, string SubjectId), Person> _open = new();

    public void Opened(string rallyId, RallyRole role, string subjectId, HubCallerContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var opened = new OpenConnection(connection, connection.User?.TokenExpires());
        while (true)
        {
            var person = _open.GetOrAdd((rallyId, role, subjectId), _ => new Person());
            lock (person)
            {
                if (!person.Gone) // else its last connection closed meanwhile and it was dropped: add to a new one
                {
                    person.Connections.Add(opened);
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Forgets a closed connection and returns the streams it watched that no other open connection of the same
    /// person watches: the streams the person has now left.
    /// </summary>
    public IReadOnlyList<string> Closed(string rallyId, RallyRole role, string subjectId, string connectionId)
    {
        var key = (rallyId, role, subjectId);
        if (!_open.TryGetValue(key, out var person))
        {
            return [];
        }

        lock (person)
        {
            var closed = person.Find(connectionId);
            if (closed is null)
            {
                return [];
            }

            person.Connections.Remove(closed);
            if (person.Connections.Count == 0)
            {
                person.Gone = true;
                _open.TryRemove(KeyValuePair.Create(key, person));
            }

            return [.. closed.Streams.Select(watched => watched.StreamId).Where(streamId => !person.Watches(streamId))];
        }
    }

    /// <summary>
    /// Records that the connection watches the stream, joined under <paramref name="displayName"/>; true when it did not
    /// watch it before.
    /// </summary>
    public bool Watching(string rallyId, RallyRole role, string subjectId, string connectionId, string streamId, string displayName)
    {
        if (!_open.TryGetValue((rallyId, role, subjectId), out var person))
        {
            return false;
        }

        lock (person)
        {
            if (person.Find(connectionId) is not { } connection)
            {
                return false;
            }

            var watchedBefore = connection.Streams.RemoveAll(watched => watched.StreamId == streamId) > 0;
            connection.Streams.Add(new WatchedStream(streamId, displayName));
            return !watchedBefore;
        }
    }

    /// <summary>The name the connection joined the stream under, or null when it does not watch that stream.</summary>
    public string? DisplayNameWatching(string rallyId, RallyRole role, string subjectId, string connectionId, string streamId)
    {
        if (!_open.TryGetValue((rallyId, role, subjectId), out var person))
        {
            return null;
        }

        lock (person)
        {
            return person.Find(connectionId)?.Streams.Find(watched => watched.StreamId == streamId)?.DisplayName;
        }
    }

    /// <summary>Records that the connection no longer watches the stream; true when another connection of the person still does.</summary>
    public bool StoppedWatching(string rallyId, RallyRole role, string subjectId, string connectionId, string streamId)
    {
        if (!_open.TryGetValue((rallyId, role, subjectId), out var person))
        {
            return false;
        }

        lock (person)
        {
            person.Find(connectionId)?.Streams.RemoveAll(watched => watched.StreamId == streamId);
            return person.Watches(streamId);
        }
    }

    /// <summary>
    /// Every viewer this node's connections watch, by rally and stream, with the name each joined under (the first, when
    /// two of a viewer's connections joined under different names): what the node holds on each stream.
    /// </summary>
    public Dictionary<(string RallyId, string StreamId), List<HeldViewer>> ViewersByStream()
    {
        var watched = new Dictionary<(string RallyId, string StreamId), List<HeldViewer>>();
        foreach (var ((rallyId, role, viewerId), person) in _open)
        {
            if (role != RallyRole.Viewer)
            {
                continue;
            }

            lock (person)
            {
                foreach (var stream in person.Connections.SelectMany(c => c.Streams).DistinctBy(w => w.StreamId))
                {
                    var key = (rallyId, stream.StreamId);
                    if (!watched.TryGetValue(key, out var viewers))
                    {
                        watched[key] = viewers = [];
                    }

                    viewers.Add(new HeldViewer(viewerId, stream.DisplayName));
                }
            }
        }

        return watched;
    }

    /// <summary>Closes every open connection of the person in that role in the rally.</summary>
    public void CloseAll(string rallyId, RallyRole role, string subjectId)
    {
        if (_open.TryGetValue((rallyId, role, subjectId), out var person))
        {
            HubCallerContext[] open;
            lock (person)
            {
                open = [.. person.Connections.Select(c => c.Context)];
            }

            foreach (var connection in open)
            {
                connection.Abort();
            }
        }
    }

    /// <summary>Closes every open connection whose token has expired by <paramref name="now"/>; returns how many.</summary>
    public int CloseExpired(DateTimeOffset now)
    {
        var expired = new List<HubCallerContext>();
        foreach (var person in _open.Values)
        {
            lock (person)
            {
                expired.AddRange(person.Connections.Where(c => c.Expires <= now).Select(c => c.Context));
            }
        }

        foreach (var connection in expired)
        {
            connection.Abort();
        }

        return expired.Count;
    }

    /// <summary>One person's open connections; touched only under its own lock.</summary>
    private sealed class Person
    {
        public List<OpenConnection> Connections { get; } = new(1);

        /// <summary>Its last connection closed and it left the map: a connection opening now belongs to a new one.</summary>
        public bool Gone { get; set; }

        public OpenConnection? Find(string connectionId) => Connections.Find(c => c.Context.ConnectionId == connectionId);

        public bool Watches(string streamId) => Connections.Exists(c => c.Streams.Exists(watched => watched.StreamId == streamId));
    }

    private sealed class OpenConnection(HubCallerContext context, DateTimeOffset? expires)
    {
        public HubCallerContext Context { get; } = context;

        /// <summary>When the connection's token expires (none for a token without an expiry).</summary>
        public DateTimeOffset? Expires { get; } = expires;

        /// <summary>The streams it watches: one or two, so a list.</summary>
        public List<WatchedStream> Streams { get; } = [];
    }

    /// <summary>A stream a connection watches, and the name it joined under (to join it again if the stream forgets it).</summary>
    private sealed record WatchedStream(string StreamId, string DisplayName);
}
