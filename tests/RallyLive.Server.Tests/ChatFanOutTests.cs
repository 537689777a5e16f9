using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using RallyLive.Abstractions.Live;
using RallyLive.Abstractions.Streams;
using RallyLive.Grains.Live;
using RallyLive.Server.Realtime;
using RallyLive.Server.Realtime.Delivery;

namespace RallyLive.Server.Tests;

public sealed class ChatFanOutTests
{
    [Fact]
    public async Task BusyStream_SendsViewersAtMostItsFanOut_WhileModeratorsGetEveryMessage()
    {
        await using var server = new ServerFactory();
        _ = server.Server;
        var everyMessageToModerators = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var counts = new MeterCapture(server.Services.GetRequiredService<IMeterFactory>(), (key, total) =>
        {
            if (key == "rallylive.messages.sent/ChatMessage@moderators" && total == 100)
            {
                everyMessageToModerators.TrySetResult();
            }
        });
        var broadcaster = server.Services.GetRequiredService<IRallyBroadcaster>();
        await server.Services.GetRequiredService<RallyNode>().ClientConnectedAsync("r-fanout"); // as a client of the rally would

        for (var i = 0; i < 100; i++)
        {
            broadcaster.Publish(new ChatPosted("r-fanout", new ChatMessage($"stage:{i}", i, "stage", $"v-{i}", "Viewer", "yes!", DateTimeOffset.UnixEpoch, ChatMessageState.Visible, null, 0)));
        }

        await everyMessageToModerators.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(40, counts["rallylive.messages.sent/ChatMessage@viewers"]);
        Assert.Equal(60, counts["rallylive.chat.sampled_out/"]);
    }
}
