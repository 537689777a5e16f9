using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Orleans.Hosting.Kubernetes;
using RallyLive.Server.Auth;
using RallyLive.Server.Hosting;
using RallyLive.Server.Realtime;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace RallyLive.Server.Tests;

/// <summary>
/// The deploy files (deploy/compose.yaml, deploy/kubernetes/, deploy/docker/Dockerfile, deploy/systemd/) against the
/// server they run: the mistakes that would go unnoticed until a real cluster misbehaves. No container engine or
/// Kubernetes cluster runs here, so the files are read, not run: a probe on a path the server does not map, a setting
/// the server does not read (a typo in a key is silently ignored), Redis without appendfsync always, nodes that
/// disagree on their cluster, pods whose Orleans labels do not match the cluster they join.
/// </summary>
public sealed partial class DeployFilesTests
{
    private static readonly string Deploy = typeof(DeployFilesTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "DeployDirectory").Value!;

    private static readonly string ServerSource = Path.Combine(Deploy, "..", "src", "RallyLive.Server");

    [Fact]
    public void Compose_RedisWritesEveryChangeToDiskBeforeAnswering()
    {
        var redis = At(Compose(), "services", "redis");

        Assert.Equal("redis-server --appendonly yes --appendfsync always --save ", string.Join(' ', Strings(At(redis, "command"))));
        Assert.Contains("/data", Strings(At(redis, "volumes")).Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_ThreeNodesOfOneCluster_EachAdvertisingItsOwnName_ReadyOnAPathTheServerMaps()
    {
        var nodes = ComposeNodes();

        Assert.Equal(["node1", "node2", "node3"], nodes.Keys.Order());
        foreach (var (name, node) in nodes)
        {
            var environment = Map(At(node, "environment"));
            AssertKnownSettings(environment.Keys.Select(k => (string)k), $"compose service {name}");
            Assert.Equal("redis:6379", At(environment, "RallyLive__Cluster__Redis"));
            Assert.Equal(name, At(environment, "RallyLive__Cluster__AdvertisedAddress"));
            Assert.Equal("service_healthy", At(node, "depends_on", "redis", "condition"));

            var check = string.Join(' ', Strings(At(node, "healthcheck", "test")));
            Assert.Equal("/health/ready", HealthCheckRequest().Match(check).Groups["path"].Value);
            Assert.Contains($"/dev/tcp/127.0.0.1/{ImagePort()}", check, StringComparison.Ordinal);
        }

        Assert.Single(nodes.Values.Select(n => At(n, "environment", "RallyLive__Cluster__ClusterId")).Distinct());
        Assert.Single(nodes.Values.Select(n => At(n, "environment", "RallyLive__PublicUrl")).Distinct());
    }

    [Fact]
    public void Compose_NodesMayOpenAFileForEveryConnectionTheyAccept_AndTheFrontForTwoPerClient()
    {
        var cap = long.Parse(ServerSetting("Kestrel", "Limits", "MaxConcurrentConnections"), CultureInfo.InvariantCulture);
        foreach (var (name, node) in ComposeNodes())
        {
            Assert.True(OpenFiles.ConnectionCap(NoFile(node)) >= cap, $"compose service {name} may open {NoFile(node)} files: fewer connections than the cap of {cap:N0}");
        }

        var workerConnections = long.Parse(WorkerConnections().Match(File.ReadAllText(Path.Combine(Deploy, "compose", "nginx.conf"))).Groups["count"].Value, CultureInfo.InvariantCulture);
        Assert.True(NoFile(At(Compose(), "services", "nginx")) >= workerConnections, "nginx may open fewer files than its worker connections");

        static long NoFile(object service)
        {
            var limit = At(service, "ulimits", "nofile");
            Assert.Equal(At(limit, "soft"), At(limit, "hard"));
            return long.Parse((string)At(limit, "soft"), CultureInfo.InvariantCulture);
        }
    }

    [Fact]
    public void ComposeFront_SendsToEveryNode_StickyByClientAddress_OnThePortTheImageListensOn()
    {
        var conf = File.ReadAllText(Path.Combine(Deploy, "compose", "nginx.conf"));
        var front = At(Compose(), "services", "nginx");

        Assert.Contains("ip_hash;", conf, StringComparison.Ordinal);
        Assert.Equal(
            ComposeNodes().Keys.Select(n => $"{n}:{ImagePort()}").Order(),
            UpstreamServer().Matches(conf).Select(m => m.Groups["address"].Value).Order());
        Assert.Contains("./compose/nginx.conf:/etc/nginx/nginx.conf:ro", Strings(At(front, "volumes")));
        Assert.Contains("listen 8080;", conf, StringComparison.Ordinal);
        Assert.Equal(["8080:8080"], Strings(At(front, "ports")));
    }

    [Fact]
    public void Kubernetes_EveryManifestIsInTheKustomization()
    {
        var listed = Strings(At(Kustomization(), "resources"));
        var files = Directory.GetFiles(KubernetesDirectory, "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml");

        Assert.Equal(files.Order(), listed.Order());
    }

    /// <summary>
    /// These tests read the manifests as written, not <c>kubectl kustomize</c>'s output (kubectl is not on every machine
    /// that runs them): they are the same as long as the kustomization only sets the namespace, adds labels outside
    /// selectors and names the image, which this holds.
    /// </summary>
    [Fact]
    public void Kubernetes_TheKustomizationAppliesTheManifestsAsWritten()
    {
        var kustomization = Map(Kustomization());

        Assert.Subset(new HashSet<object> { "apiVersion", "kind", "namespace", "labels", "resources", "images" }, kustomization.Keys.ToHashSet());
        Assert.All(Seq(kustomization["labels"]), l => Assert.False(Map(l).ContainsKey("includeSelectors")));
        Assert.Equal(At(NodeContainer(), "image"), At(kustomization, "images", 0, "name"));
        Assert.Equal(At(kustomization, "namespace"), At(Manifest("Namespace", (string)At(kustomization, "namespace")), "metadata", "name"));
    }

    [Fact]
    public void Kubernetes_NodesProbeThePathsTheServerMaps_LiveForLivenessReadyForReadiness()
    {
        var container = NodeContainer();

        Assert.Equal("/health/live", At(container, "livenessProbe", "httpGet", "path"));
        Assert.Equal("/health/ready", At(container, "readinessProbe", "httpGet", "path"));
        Assert.Equal("/health/live", At(container, "startupProbe", "httpGet", "path"));
        foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
        {
            Assert.Contains((string)At(container, probe, "httpGet", "path"), ServerHealthPaths());
            Assert.Equal("http", At(container, probe, "httpGet", "port"));
        }

        var ports = Seq(At(container, "ports")).ToDictionary(p => (string)At(p, "name"), p => (string)At(p, "containerPort"));
        Assert.Equal(ImagePort(), ports["http"]);
        Assert.Equal(At(Manifest("ConfigMap", "rallylive"), "data", "Grains__Silo__Port"), ports["silo"]);
    }

    [Fact]
    public void Kubernetes_NodesReadOnlySettingsTheServerKnows_AndAdvertiseTheirPodAddress()
    {
        var config = Map(At(Manifest("ConfigMap", "rallylive"), "data"));
        var container = NodeContainer();
        var env = Seq(At(container, "env")).Select(e => ((string)At(e, "name"), e)).ToList();

        AssertKnownSettings(config.Keys.Select(k => (string)k).Concat(env.Select(e => e.Item1)), "the Kubernetes nodes");
        Assert.Equal("rallylive", At(container, "envFrom", 0, "configMapRef", "name"));
        Assert.Equal("redis:6379", config["RallyLive__Cluster__Redis"]);
        Assert.Equal("true", config["RallyLive__Cluster__Kubernetes"]);

        // $(POD_IP) is expanded only from a variable defined earlier in the list.
        var names = env.Select(e => e.Item1).ToList();
        Assert.Equal("status.podIP", At(env.Single(e => e.Item1 == "POD_IP").e, "valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal("$(POD_IP)", At(env.Single(e => e.Item1 == "RallyLive__Cluster__AdvertisedAddress").e, "value"));
        Assert.True(names.IndexOf("POD_IP") < names.IndexOf("RallyLive__Cluster__AdvertisedAddress"));
        Assert.Equal("metadata.name", At(env.Single(e => e.Item1 == KubernetesHostingOptions.PodNameEnvironmentVariable).e, "valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal("metadata.namespace", At(env.Single(e => e.Item1 == KubernetesHostingOptions.PodNamespaceEnvironmentVariable).e, "valueFrom", "fieldRef", "fieldPath"));
    }

    [Fact]
    public void Kubernetes_PodLabelsNameTheClusterTheNodesJoin_AndEveryoneSelectsThosePods()
    {
        var deployment = Manifest("Deployment", "rallylive");
        var labels = Map(At(deployment, "spec", "template", "metadata", "labels"));

        // Orleans' Kubernetes hosting lists the cluster's pods by these labels, from its ClusterOptions.
        Assert.Equal(GrainsHostingExtensions.ServiceId, labels[KubernetesHostingOptions.ServiceIdLabel]);
        Assert.Equal(At(Manifest("ConfigMap", "rallylive"), "data", "RallyLive__Cluster__ClusterId"), labels[KubernetesHostingOptions.ClusterIdLabel]);

        foreach (var selector in new[]
                 {
                     At(deployment, "spec", "selector", "matchLabels"),
                     At(Manifest("Service", "rallylive"), "spec", "selector"),
                     At(Manifest("PodDisruptionBudget", "rallylive"), "spec", "selector", "matchLabels"),
                 })
        {
            Assert.All(Map(selector), pair => Assert.Equal(pair.Value, labels[pair.Key]));
        }
    }

    [Fact]
    public void Kubernetes_ThreeNodes_ADrainTakesOneAtATime_HubClientsStayOnTheirPod()
    {
        var deployment = Manifest("Deployment", "rallylive");

        Assert.Equal("3", At(deployment, "spec", "replicas"));
        Assert.Equal("2", At(Manifest("PodDisruptionBudget", "rallylive"), "spec", "minAvailable"));
        Assert.Equal("ClientIP", At(Manifest("Service", "rallylive"), "spec", "sessionAffinity"));
        Assert.Equal("cookie", At(Manifest("Ingress", "rallylive"), "metadata", "annotations", "nginx.ingress.kubernetes.io/affinity"));
        Assert.Equal("3600", At(Manifest("Ingress", "rallylive"), "metadata", "annotations", "nginx.ingress.kubernetes.io/proxy-read-timeout"));

        // Longer than the preStop pause plus the server's graceful stop (grains store their last state).
        Assert.True(int.Parse((string)At(deployment, "spec", "template", "spec", "terminationGracePeriodSeconds"), System.Globalization.CultureInfo.InvariantCulture) >= 40);
    }

    [Fact]
    public void Kubernetes_TheNodesAccountMayDoWhatOrleansKubernetesHostingDoesToPods()
    {
        var account = (string)At(Manifest("Deployment", "rallylive"), "spec", "template", "spec", "serviceAccountName");
        var binding = Manifest("RoleBinding", "rallylive-orleans");
        var role = Manifest("Role", (string)At(binding, "roleRef", "name"));

        Assert.Equal(account, At(Manifest("ServiceAccount", account), "metadata", "name"));
        Assert.Contains(Seq(At(binding, "subjects")), s => (string)At(s, "kind") == "ServiceAccount" && (string)At(s, "name") == account);
        var pods = Seq(At(role, "rules")).Single(r => Strings(At(r, "resources")).Contains("pods"));
        Assert.Equal(["delete", "get", "list", "patch", "watch"], Strings(At(pods, "verbs")).Order());
    }

    [Fact]
    public void Kubernetes_RedisWritesEveryChangeToDiskBeforeAnswering_OnAPersistentVolume()
    {
        var redis = Manifest("StatefulSet", "redis");
        var container = At(redis, "spec", "template", "spec", "containers", 0);

        Assert.Contains("--appendonly yes --appendfsync always", string.Join(' ', Strings(At(container, "args"))), StringComparison.Ordinal);
        Assert.Equal(At(redis, "spec", "volumeClaimTemplates", 0, "metadata", "name"), At(container, "volumeMounts", 0, "name"));
        Assert.Equal("/data", At(container, "volumeMounts", 0, "mountPath"));
    }

    [Fact]
    public void ImageAndSystemdNodes_SetOnlySettingsTheServerKnows()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Deploy, "docker", "Dockerfile"));
        var imageSettings = DockerfileEnv().Matches(dockerfile).Select(m => m.Groups["key"].Value).ToList();
        var example = File.ReadAllLines(Path.Combine(Deploy, "systemd", "node.env.example"));
        var exampleSettings = example.Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l[..l.IndexOf('=', StringComparison.Ordinal)]).ToList();
        var unit = File.ReadAllText(Path.Combine(Deploy, "systemd", "rallylive-node@.service"));

        Assert.Contains("Urls", imageSettings);
        AssertKnownSettings(imageSettings, "deploy/docker/Dockerfile");
        AssertKnownSettings(exampleSettings, "deploy/systemd/node.env.example");
        AssertKnownSettings(UnitEnvironment().Matches(unit).Select(m => m.Groups["key"].Value), "deploy/systemd/rallylive-node@.service");
        Assert.Contains("EnvironmentFile=/etc/rallylive/node-%i.env", unit, StringComparison.Ordinal);
        Assert.Equal(
            ["Grains__Silo__Port", "RallyLive__Cluster__AdvertisedAddress", "RallyLive__Cluster__ClusterId", "RallyLive__Cluster__Redis", "RallyLive__PublicUrl", "Urls"],
            exampleSettings.Order());
    }

    [Fact]
    public void Image_BuildsFromEverythingTheBuildReads_AndNoLocalOutputs()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Deploy, "docker", "Dockerfile"));
        var ignored = File.ReadAllLines(Path.Combine(Deploy, "..", ".dockerignore"));

        // The root files every project's build reads: without .editorconfig the analyzers' rules differ and fail the build.
        foreach (var file in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props", ".editorconfig" })
        {
            Assert.True(File.Exists(Path.Combine(Deploy, "..", file)), file);
            Assert.Matches($@"(?m)^COPY (?:[^\n]*\s)?{Regex.Escape(file)}\s", dockerfile);
        }

        // Every project the server builds is restored from its project file before the code is copied.
        foreach (var project in Directory.GetDirectories(Path.Combine(Deploy, "..", "src")).Where(d => Directory.GetFiles(d, "*.csproj").Length > 0))
        {
            var name = Path.GetFileName(project);
            Assert.Contains($"COPY src/{name}/*.csproj src/{name}/", dockerfile, StringComparison.Ordinal);
        }

        Assert.Contains("RUN dotnet publish src/RallyLive.Server -c Release", dockerfile, StringComparison.Ordinal);
        Assert.Contains("USER $APP_UID", dockerfile, StringComparison.Ordinal);
        Assert.Superset(new HashSet<string> { "**/bin/", "**/obj/", "**/node_modules/", "**/TestResults/", "**/data/" }, ignored.ToHashSet());
    }

    /// <summary>
    /// The settings the deploy files may set: every property of <see cref="ClusterSettings"/>, the few other keys the
    /// server reads for a node's address, ports and files, ASP.NET Core's own, and what Orleans' Kubernetes hosting reads.
    /// </summary>
    private static HashSet<string> KnownSettings() =>
    [
        .. typeof(ClusterSettings).GetProperties().Where(p => p.CanWrite).Select(p => $"{ClusterSettings.SectionName}:{p.Name}"),
        AllowedOrigins.PublicUrlKey,
        $"{TrustedProxies.SectionName}:0",
        $"{TokenOptions.SectionName}:{nameof(TokenOptions.KeyDirectory)}",
        "Grains:Silo:Port",
        "Grains:Storage:Default:DataSource",
        "Urls",
        "ASPNETCORE_ENVIRONMENT",
        KubernetesHostingOptions.PodNameEnvironmentVariable,
        KubernetesHostingOptions.PodNamespaceEnvironmentVariable,
        KubernetesHostingOptions.PodIPEnvironmentVariable,
    ];

    private static void AssertKnownSettings(IEnumerable<string> environmentKeys, string where)
    {
        var known = KnownSettings();
        var unknown = environmentKeys.Select(k => k.Replace("__", ":", StringComparison.Ordinal)).Where(k => !known.Contains(k)).ToList();
        Assert.True(unknown.Count == 0, $"{where} sets settings the server does not read: {string.Join(", ", unknown)}");
    }

    /// <summary>
    /// The health paths the server maps, read from its health endpoints' source. A server without the live and ready
    /// checks maps <c>/health</c> only; the deploy files already probe <c>/health/live</c> and <c>/health/ready</c>
    /// (deploy/README.md says they need a server that has them), so until the source names them they are accepted as
    /// they are; once it does, only what it maps passes.
    /// </summary>
    private static HashSet<string> ServerHealthPaths()
    {
        var source = string.Concat(Directory.GetFiles(Path.Combine(ServerSource, "Health"), "*.cs").Select(File.ReadAllText));
        var mapped = HealthPathLiteral().Matches(source).Select(m => m.Groups["path"].Value).ToHashSet();
        Assert.Contains("/health", mapped);
        if (!mapped.Contains("/health/ready"))
        {
            mapped.UnionWith(["/health/live", "/health/ready"]);
        }

        return mapped;
    }

    /// <summary>A setting of the server's appsettings.json, by its path.</summary>
    private static string ServerSetting(params string[] path) =>
        path.Aggregate(JsonNode.Parse(File.ReadAllText(Path.Combine(ServerSource, "appsettings.json")), new(), new() { CommentHandling = JsonCommentHandling.Skip })!,
            (node, key) => node[key]!).ToString();

    private static string ImagePort() =>
        ImageListens().Match(File.ReadAllText(Path.Combine(Deploy, "docker", "Dockerfile"))).Groups["port"].Value;

    private static string KubernetesDirectory => Path.Combine(Deploy, "kubernetes");

    private static object Compose() => ReadYaml(Path.Combine(Deploy, "compose.yaml")).Single();

    /// <summary>The compose services built from the image: the nodes.</summary>
    private static Dictionary<string, object> ComposeNodes() =>
        Map(At(Compose(), "services")).Where(s => Map(s.Value).ContainsKey("build")).ToDictionary(s => (string)s.Key, s => s.Value);

    private static object Kustomization() => ReadYaml(Path.Combine(KubernetesDirectory, "kustomization.yaml")).Single();

    private static object NodeContainer() =>
        Seq(At(Manifest("Deployment", "rallylive"), "spec", "template", "spec", "containers")).Single(c => (string)At(c, "name") == "rallylive");

    private static object Manifest(string kind, string name) =>
        Strings(At(Kustomization(), "resources"))
            .SelectMany(file => ReadYaml(Path.Combine(KubernetesDirectory, file)))
            .Single(m => (string)At(m, "kind") == kind && (string)At(m, "metadata", "name") == name);

    /// <summary>Every document of a YAML file, as dictionaries, lists and strings, with merge keys (<c>&lt;&lt;</c>) applied as compose applies them.</summary>
    private static List<object> ReadYaml(string path)
    {
        using var reader = File.OpenText(path);
        var parser = new MergingParser(new Parser(reader));
        var deserializer = new DeserializerBuilder().Build();
        parser.Consume<StreamStart>();
        var documents = new List<object>();
        while (parser.Accept<DocumentStart>(out _))
        {
            documents.Add(deserializer.Deserialize<object>(parser)!);
        }

        return documents;
    }

    private static object At(object node, params object[] path)
    {
        foreach (var step in path)
        {
            node = step switch
            {
                int index => Seq(node)[index],
                _ => Map(node).TryGetValue(step, out var next) && next is not null ? next : throw new KeyNotFoundException($"no '{step}' in the YAML"),
            };
        }

        return node;
    }

    private static Dictionary<object, object> Map(object node) => Assert.IsType<Dictionary<object, object>>(node);

    private static List<object> Seq(object node) => Assert.IsType<List<object>>(node);

    private static List<string> Strings(object node) => Seq(node).Cast<string>().ToList();

    [GeneratedRegex(@"GET (?<path>/\S*) HTTP")]
    private static partial Regex HealthCheckRequest();

    [GeneratedRegex(@"^\s*server (?<address>\S+) ", RegexOptions.Multiline)]
    private static partial Regex UpstreamServer();

    [GeneratedRegex(@"worker_connections\s+(?<count>\d+);")]
    private static partial Regex WorkerConnections();

    [GeneratedRegex("\"(?<path>/health[^\"]*)\"")]
    private static partial Regex HealthPathLiteral();

    [GeneratedRegex(@"Urls=http://0\.0\.0\.0:(?<port>\d+)")]
    private static partial Regex ImageListens();

    /// <summary>Keys set by the Dockerfile's ENV lines (one ENV may set several, continued with backslashes).</summary>
    [GeneratedRegex(@"^(?:ENV\s+|\s+)(?<key>[A-Za-z_][A-Za-z0-9_]*)=", RegexOptions.Multiline)]
    private static partial Regex DockerfileEnv();

    [GeneratedRegex(@"^Environment=(?<key>[A-Za-z_][A-Za-z0-9_]*)=", RegexOptions.Multiline)]
    private static partial Regex UnitEnvironment();
}
