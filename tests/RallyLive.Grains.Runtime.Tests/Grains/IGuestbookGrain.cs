namespace RallyLive.Grains.Runtime.Tests.Grains;

/// <summary>An append-only log kept as persistent records: the shape of chat and audit logs.</summary>
public interface IGuestbookGrain : IGrainWithStringKey
{
    /// <summary>Appends an entry and returns its sequence number.</summary>
    ValueTask<int> Sign(string text);

    /// <summary>Removes an entry.</summary>
    Task Erase(int sequence);

    Task<IReadOnlyList<string>> Latest(int count);
}
