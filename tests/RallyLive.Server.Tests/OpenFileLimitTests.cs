using System.Net;
using System.Net.Sockets;
using RallyLive.Server.Hosting;

namespace RallyLive.Server.Tests;

/// <summary>
/// A node holds its connections under what the process may open. One that ran out of file descriptors under a crowd
/// of viewers aborted (the runtime's "Out of memory.", seen with 600 files and 1,000 viewers joining), losing every
/// connection at once, where it should refuse the clients it has no room for.
/// </summary>
public sealed class OpenFileLimitTests
{
    [Fact]
    public async Task ManyMoreConnectionsThanTheProcessMayOpen_AreRefusedBeyondTheCap_AndTheNodeLivesOn()
    {
        const int openFiles = 1_024, attempts = 800;
        var cap = OpenFiles.ConnectionCap(openFiles)!.Value;
        using var folder = new ServerFolder("rallylive-open-files-");
        await using var server = await folder.StartServerAsync(openFiles);
        var endpoint = new DnsEndPoint("127.0.0.1", new Uri(server.BaseUrl).Port);
        var banner = server.LastLines;

        var sockets = new List<Socket>();
        try
        {
            for (var i = 0; i < attempts; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(endpoint);
                sockets.Add(socket);
            }

            // The node closes each connection it has no room for: a read on it ends (0 bytes or a reset).
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var refused = 0;
            var reads = sockets.Select(async socket =>
            {
                try
                {
                    await socket.ReceiveAsync(new byte[1], SocketFlags.None, deadline.Token);
                }
                catch (SocketException)
                {
                    // Reset by the node: refused too.
                }

                if (Interlocked.Increment(ref refused) >= attempts - cap)
                {
                    await deadline.CancelAsync(); // every refusal that must come has come
                }
            }).ToList();
            await Task.WhenAll(reads).ContinueWith(_ => { }, TaskScheduler.Default);

            Assert.False(server.HasExited, $"the node died at its open-file limit:{Environment.NewLine}{server.LastLines}");
            Assert.True(refused >= attempts - cap, $"{refused} of {attempts} connections refused; the cap is {cap}");

            // A flood of connections is counted (kestrel.rejected_connections), not written to the log line by line.
            Assert.DoesNotContain("maximum number of concurrent connections", server.LastLines, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }

        Assert.Contains($"at most {cap:N0} connections at once", banner, StringComparison.Ordinal);
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode);
    }

    [Theory]
    [InlineData(20_000, 60_000L, 20_000 - OpenFiles.Reserved)]
    [InlineData(1_000_000, 60_000L, 60_000)]
    [InlineData(1_024, null, 1_024 - OpenFiles.Reserved)]
    [InlineData(500, 60_000L, OpenFiles.MinimumConnections)]
    public void ConnectionLimit_IsHeldUnderTheOpenFileLimit(long openFiles, long? configured, long expected) =>
        Assert.Equal(expected, OpenFiles.Within(configured, OpenFiles.ConnectionCap(openFiles)));

    [Fact]
    public void ConnectionLimit_WithoutAnOpenFileLimit_IsWhatConfigurationSays()
    {
        Assert.Equal(60_000, OpenFiles.Within(60_000, cap: null));
        Assert.Null(OpenFiles.Within(null, cap: null));
    }

    [Fact]
    public void ProcessLimit_IsReadFromTheMaxOpenFilesLine()
    {
        string[] limits =
        [
            "Limit                     Soft Limit           Hard Limit           Units     ",
            "Max processes             95470                95470                processes ",
            "Max open files            20000                40000                files     ",
        ];
        Assert.Equal(20_000, OpenFiles.ParseLimit(limits));
        Assert.Null(OpenFiles.ParseLimit(["Max open files            unlimited            unlimited            files     "]));
    }
}
