namespace RallyLive.Persistence.Tests.Grains;

/// <summary>Numbered entries kept as records, one per entry.</summary>
public interface IGuestbookGrain : IGrainWithStringKey
{
    /// <summary>Stores an entry under the next number; returns that number.</summary>
    Task<int> Sign(string text);

    /// <summary>Removes entry <paramref name="number"/>.</summary>
    Task Erase(int number);

    /// <summary>The last <paramref name="count"/> entries, oldest first.</summary>
    Task<string[]> Latest(int count);

    /// <summary>At most <paramref name="limit"/> entries numbered above <paramref name="afterNumber"/>, in order.</summary>
    Task<string[]> Page(int afterNumber, int limit);
}
