using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using RallyLive.Grains.Live;
using RallyLive.Grains.Streams;
using RallyLive.Server.Realtime;

namespace RallyLive.Server.Tests;

public sealed class ChatFanOutTests
{
    [Fact]
    public async Task BusyStream_SendsViewersAtMostItsFanOut_WhileModeratorsGetEveryMessage()
    {
        await using var server = new ServerFactory();
        _ = server.Server;
        var counts = new ConcurrentDictionary<string, long>();
        var everyMessageToModerators = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listener = ListenTo(server.Services.GetRequiredService<IMeterFactory>(), (name, tag, value) =>
        {
            if (counts.AddOrUpdate($"{name}/{tag}", value, (_, sum) => sum + value) == 100 && tag == "ChatMessage@moderators")
            {
                everyMessageToModerators.TrySetResult();
            }
        });
        var broadcaster = server.Services.GetRequiredService<IRallyBroadcaster>();

        for (var i = 0; i < 100; i++)
        {
            broadcaster.ChatPosted("r-fanout", new ChatMessage($"stage:{i}", i, "stage", $"v-{i}", "Viewer", "yes!", DateTimeOffset.UnixEpoch, ChatMessageState.Visible, null, 0));
        }

        await everyMessageToModerators.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(40, counts.GetValueOrDefault("rallylive.messages.sent/ChatMessage@viewers"));
        Assert.Equal(60, counts.GetValueOrDefault("rallylive.chat.sampled_out/"));
    }

    /// <summary>Listens to this server's RallyLive.Server meter only (tests run servers side by side).</summary>
    private static MeterListener ListenTo(IMeterFactory meters, Action<string, string, long> measured)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == RealtimeMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meters))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var tag = tags.Length == 0 ? string.Empty : string.Join(",", tags.ToArray().Select(t => t.Value));
            measured(instrument.Name, tag, value);
        });
        listener.Start();
        return listener;
    }
}
