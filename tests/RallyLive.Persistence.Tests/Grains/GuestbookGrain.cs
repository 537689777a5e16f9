using System.Globalization;
using RallyLive.Persistence.Records;

namespace RallyLive.Persistence.Tests.Grains;

public sealed record GuestbookEntry(string Text);

public sealed class GuestbookGrain([PersistentRecords("entries")] IPersistentRecords<GuestbookEntry> entries) : Grain, IGuestbookGrain
{
    private int _last;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var last = await entries.ReadLastAsync(1);
        _last = last.Count == 0 ? 0 : int.Parse(last[0].Key, CultureInfo.InvariantCulture);
    }

    public async Task<int> Sign(string text)
    {
        var number = _last + 1;
        await entries.WriteAsync(Key(number), new GuestbookEntry(text));
        _last = number;
        return number;
    }

    public Task Erase(int number) => entries.RemoveAsync(Key(number));

    public async Task<string[]> Latest(int count) => [.. (await entries.ReadLastAsync(count)).Select(e => e.Value.Text)];

    public async Task<string[]> Page(int afterNumber, int limit) => [.. (await entries.ReadAsync(Key(afterNumber), limit)).Select(e => e.Value.Text)];

    /// <summary>Zero-padded, so that the records' ordinal key order is the numbers' order.</summary>
    public static string Key(int number) => number.ToString("D8", CultureInfo.InvariantCulture);
}
