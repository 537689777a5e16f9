namespace RallyLive.Persistence.Records;

/// <summary>
/// A grain's durable set of records, each under its own key: votes by viewer, chat messages by sequence number.
/// Unlike <see cref="Orleans.Runtime.IPersistentState{TState}"/>, a write stores one record, so its cost does not
/// grow with the collection. Nothing is loaded automatically: read what the grain needs in
/// <c>OnActivateAsync</c>. Records need no ETag: only the grain's single activation writes them.
/// </summary>
public interface IPersistentRecords<TRecord>
{
    /// <summary>Records in key order (ordinal), after <paramref name="afterKey"/> when given, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<KeyValuePair<string, TRecord>>> ReadAsync(string? afterKey = null, int limit = int.MaxValue);

    /// <summary>The last <paramref name="count"/> records in key order, oldest first.</summary>
    Task<IReadOnlyList<KeyValuePair<string, TRecord>>> ReadLastAsync(int count);

    /// <summary>Stores the record under <paramref name="key"/>, replacing any; durable when the task completes.</summary>
    Task WriteAsync(string key, TRecord record);

    /// <summary>Removes the record under <paramref name="key"/>, if any; durable when the task completes.</summary>
    Task RemoveAsync(string key);
}
