using System.Globalization;
using RallyLive.Grains.Runtime.Storage;

namespace RallyLive.Grains.Runtime.Tests.Grains;

public sealed class GuestbookGrain([PersistentRecords("entries")] IPersistentRecords<string> entries) : Grain, IGuestbookGrain
{
    private int _lastSequence;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var last = await entries.ReadLastAsync(1);
        _lastSequence = last.Count == 0 ? 0 : int.Parse(last[0].Key, CultureInfo.InvariantCulture);
    }

    public async ValueTask<int> Sign(string text)
    {
        var sequence = _lastSequence + 1;
        await entries.WriteAsync(Key(sequence), text);
        _lastSequence = sequence;
        return sequence;
    }

    public Task Erase(int sequence) => entries.RemoveAsync(Key(sequence));

    public async Task<IReadOnlyList<string>> Latest(int count) => [.. (await entries.ReadLastAsync(count)).Select(e => e.Value)];

    // Fixed width, so that key order is sequence order.
    private static string Key(int sequence) => sequence.ToString("D10", CultureInfo.InvariantCulture);
}
