using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace RallyLive.Server.Tests.Cluster;

/// <summary>
/// Debian's nginx in front of a test's nodes, configured from the repository's own template
/// (deploy/nginx/rallylive.conf.template) on a free loopback port, in a folder of its own; disposing stops it.
/// </summary>
public sealed partial class NginxFront : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private NginxFront(Process process, string directory, string baseUrl)
    {
        _process = process;
        _directory = directory;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public static async Task<NginxFront> StartAsync(IEnumerable<string> nodeUrls)
    {
        var directory = Directory.CreateTempSubdirectory("rallylive-nginx-").FullName;
        var port = LoopbackPort.Free();
        var upstreams = string.Join(Environment.NewLine, nodeUrls.Select(url => $"        server {new Uri(url).Authority} max_fails=1 fail_timeout=5s;"));
        var template = await File.ReadAllTextAsync(Path.Combine(DeployDirectory(), "nginx", "rallylive.conf.template"));
        var configuration = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(configuration, template
            .Replace("@UPSTREAMS@", upstreams, StringComparison.Ordinal)
            .Replace("@FRONT@", $"127.0.0.1:{port}", StringComparison.Ordinal)
            .Replace("@STATE@", directory, StringComparison.Ordinal));

        var start = new ProcessStartInfo(Executable());
        foreach (var argument in new[] { "-p", directory, "-c", configuration, "-g", "daemon off;" })
        {
            start.ArgumentList.Add(argument);
        }

        var front = new NginxFront(Process.Start(start)!, directory, $"http://127.0.0.1:{port}");
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(front.BaseUrl) };
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                if (front._process.HasExited)
                {
                    throw new InvalidOperationException($"nginx exited with code {front._process.ExitCode}: {front.ErrorLog()}");
                }

                try
                {
                    if ((await http.GetAsync("/health")).IsSuccessStatusCode)
                    {
                        return front;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                Assert.True(DateTime.UtcNow < deadline, "nginx did not answer /health within 30 s.");
                await Task.Delay(50);
            }
        }
        catch
        {
            await front.DisposeAsync();
            throw;
        }
    }

    /// <summary>The node (host:port) that served the last request nginx logged for <paramref name="path"/>.</summary>
    public async Task<string> LastUpstreamOfAsync(string path)
    {
        var lines = await File.ReadAllLinesAsync(Path.Combine(_directory, "nginx-access.log"));
        return lines.Where(line => line.Contains($"\"GET {path} ", StringComparison.Ordinal))
            .Select(line => Upstream().Match(line).Groups["node"].Value).Last(node => node.Length > 0);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true); // the master and its worker, which would otherwise keep listening
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private string ErrorLog()
    {
        var log = Path.Combine(_directory, "nginx-error.log");
        return File.Exists(log) ? File.ReadAllText(log) : "";
    }

    private static string DeployDirectory() =>
        typeof(NginxFront).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "DeployDirectory").Value!;

    private static string Executable() =>
        new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("nginx is not installed: ./test.sh installs Debian's nginx (apt-get install nginx).");

    [GeneratedRegex(@"upstream=(?<node>[^\s,]+)")]
    private static partial Regex Upstream();
}
