using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RallyLive.Testing;

/// <summary>
/// A redis-server of the test's own: a child process on a free loopback port, over a temporary folder, configured as
/// RallyLive requires of Redis (append-only file fsynced before each write is acknowledged, no snapshots). It can be
/// killed outright (SIGKILL) and started again on the same folder and port, to show what its append-only file kept.
/// Disposing kills it and deletes the folder.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PingInterval = TimeSpan.FromMilliseconds(20);

    private readonly string _executable;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    private RedisServer(string executable, int port)
    {
        _executable = executable;
        Port = port;
    }

    /// <summary>The loopback port it listens on, the same across restarts.</summary>
    public int Port { get; }

    /// <summary>A StackExchange.Redis configuration string for it.</summary>
    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Its working folder, which holds the append-only file (under <c>appendonlydir</c>).</summary>
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("rallylive-redis-").FullName;

    /// <summary>Starts redis-server on a free loopback port; completes when it answers PING.</summary>
    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(FindExecutable(), LoopbackPort.Free());
        try
        {
            await server.RestartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts it again on the same folder and port, after <see cref="KillAsync"/>: it loads its append-only file, then answers PING.</summary>
    public async Task RestartAsync()
    {
        if (_process is not null)
        {
            throw new InvalidOperationException($"redis-server on port {Port} is running; kill it first.");
        }

        var start = new ProcessStartInfo(_executable)
        {
            WorkingDirectory = DataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", DataDirectory,
            "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--daemonize", "no", "--logfile", "",
        })
        {
            start.ArgumentList.Add(argument);
        }

        _output.Clear();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Keep(line.Data);
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitUntilItAnswersPingAsync(process);
    }

    /// <summary>Freezes it (SIGSTOP): connections stay open and nothing answers, as when Redis hangs or its machine is unreachable.</summary>
    public Task PauseAsync() => SignalAsync("STOP");

    /// <summary>Lets a frozen Redis go on (SIGCONT).</summary>
    public Task ResumeAsync() => SignalAsync("CONT");

    private async Task SignalAsync(string signal)
    {
        if (_process is { } process)
        {
            using var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }
    }

    /// <summary>Kills it at once (SIGKILL): no shutdown, no final write, as in a crash of the machine's Redis.</summary>
    public async Task KillAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            process.Kill();
            await process.WaitForExitAsync();
            process.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    private static string FindExecutable()
    {
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin").Append("/usr/sbin");
        return folders.Select(folder => Path.Combine(folder, "redis-server")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "redis-server is not installed, and the Redis storage tests start one of their own: install Debian's redis-server "
                + "(apt-get install redis-server; ./test.sh does this when it is missing).");
    }

    /// <summary>Sends PING until the answer is PONG (not refused, not LOADING); fails at once, with its output, if the process exits.</summary>
    private async Task WaitUntilItAnswersPingAsync(Process process)
    {
        using var deadline = new CancellationTokenSource(StartTimeout);
        var exited = process.WaitForExitAsync(deadline.Token);
        string? answer = null;
        while (!deadline.IsCancellationRequested)
        {
            if (exited.IsCompleted)
            {
                throw new InvalidOperationException(
                    $"redis-server on port {Port} exited with code {process.ExitCode} before answering PING:{Environment.NewLine}{string.Join(Environment.NewLine, _output)}");
            }

            answer = await PingAsync(deadline.Token);
            if (answer == "+PONG")
            {
                return;
            }

            await Task.WhenAny(exited, Task.Delay(PingInterval, CancellationToken.None));
        }

        throw new TimeoutException(
            $"redis-server on port {Port} did not answer PING within {StartTimeout} (last answer: {answer ?? "none"}):{Environment.NewLine}{string.Join(Environment.NewLine, _output)}");
    }

    /// <summary>The first line of the answer to an inline PING, or null when nothing accepts the connection yet.</summary>
    private async Task<string?> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
            using var reader = new StreamReader(stream, Encoding.ASCII);
            return await reader.ReadLineAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is SocketException or IOException)
        {
            return null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 40 && _output.TryDequeue(out _))
        {
        }
    }
}
