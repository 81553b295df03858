using System.Globalization;
using Mesh.Client;

namespace BookInfo.Hosting;

/// <summary>What to run, from the command line (and MESH_JOIN_TOKEN). The usage text is in BookInfoArguments.Usage.cs.</summary>
internal sealed partial record BookInfoArguments
{
    /// <summary>The control server's address by default: where the embedded one listens and services connect.</summary>
    public const string DefaultControlPlane = "http://127.0.0.1:15010";

    public RunMode Mode { get; init; } = RunMode.All;

    /// <summary>The workload to run (service mode only).</summary>
    public Workload? Workload { get; init; }

    /// <summary>productpage's port; the others follow it. 0 gives every service a free port.</summary>
    public int BasePort { get; init; } = Workloads.DefaultBasePort;

    /// <summary>The port of the one service (service mode), overriding the base port.</summary>
    public int? Port { get; init; }

    /// <summary>The control server: the address it listens on when this process runs it, else where it is.</summary>
    public string ControlPlane { get; init; } = DefaultControlPlane;

    /// <summary>The join token; null means the data directory's join.token.</summary>
    public string? JoinToken { get; init; }

    /// <summary>The control server's data directory (its store and tokens).</summary>
    public string DataDirectory { get; init; } = "mesh-data";

    /// <summary>Whether each service logs one line per request it serves.</summary>
    public bool AccessLog { get; init; }

    /// <summary>Whether each service logs the Mesh spans it records (one line per span: trace, span, parent).</summary>
    public bool TraceLog { get; init; }

    /// <summary>What the services do with calls to hosts the mesh does not know (Istio's outboundTrafficPolicy).</summary>
    public OutboundTrafficPolicy OutboundTrafficPolicy { get; init; } = OutboundTrafficPolicy.AllowAny;

    /// <summary>The port <paramref name="workload"/> listens on.</summary>
    public int PortOf(Workload workload) => Port ?? workload.PortFor(BasePort);

    /// <summary>
    /// Parses <paramref name="args"/>. Returns null with <paramref name="error"/> set for bad arguments (every
    /// message says what to write instead), or null with no error when help was asked for.
    /// </summary>
    public static BookInfoArguments? Parse(IReadOnlyList<string> args, Func<string, string?> environment, out string? error)
    {
        var reader = new OptionReader(args);
        error = reader.Read();
        if (error is not null || reader.Help)
        {
            return null;
        }

        error = Validate(reader);
        if (error is not null)
        {
            return null;
        }

        var mode = reader.Has("--control-plane-only") ? RunMode.ControlPlaneOnly : reader.Has("--service") ? RunMode.Service : RunMode.All;
        var service = reader.Value("--service");
        return new BookInfoArguments
        {
            Mode = mode,
            Workload = service is null ? null : Workloads.Find(service, reader.Value("--version") ?? "v1"),
            BasePort = reader.Value("--base-port") is { } basePort ? int.Parse(basePort, CultureInfo.InvariantCulture) : Workloads.DefaultBasePort,
            Port = reader.Value("--port") is { } port ? int.Parse(port, CultureInfo.InvariantCulture) : null,
            ControlPlane = reader.Value("--control-plane") ?? DefaultControlPlane,
            JoinToken = reader.Value("--join-token") ?? NonEmpty(environment("MESH_JOIN_TOKEN")),
            DataDirectory = reader.Value("--data-dir") ?? "mesh-data",
            AccessLog = reader.Has("--access-log"),
            TraceLog = reader.Has("--trace-log"),
            OutboundTrafficPolicy = string.Equals(reader.Value("--outbound-traffic-policy"), "REGISTRY_ONLY", StringComparison.OrdinalIgnoreCase)
                ? OutboundTrafficPolicy.RegistryOnly
                : OutboundTrafficPolicy.AllowAny,
        };
    }

    private static string? Validate(OptionReader options)
    {
        var service = options.Value("--service");
        var version = options.Value("--version");
        if (options.Has("--control-plane-only"))
        {
            foreach (var name in (string[])["--service", "--version", "--port", "--base-port", "--access-log", "--trace-log", "--outbound-traffic-policy"])
            {
                if (options.Has(name))
                {
                    return $"{name} starts services, and --control-plane-only runs none; leave one of them out";
                }
            }
        }

        if (service is null)
        {
            if (options.Has("--version") || options.Has("--port"))
            {
                return $"{(options.Has("--version") ? "--version" : "--port")} applies to one service: add --service NAME ({string.Join(", ", Workloads.Services)})";
            }
        }
        else if (!Workloads.Services.Contains(service))
        {
            return $"unknown service \"{service}\": BookInfo has {string.Join(", ", Workloads.Services)}";
        }
        else if (Workloads.Find(service, version ?? "v1") is null)
        {
            return $"{service} has version(s) {Workloads.VersionsOf(service)}, not \"{version}\"";
        }

        if (options.Value("--port") is { } port && !IsPort(port, 65535))
        {
            return $"--port must be a number from 0 to 65535 (0 picks a free port), not \"{port}\"";
        }

        if (options.Value("--base-port") is { } basePort && !IsPort(basePort, 65535 - 6))
        {
            return $"--base-port must be a number from 0 to 65529 (the services use it and the six ports above it; 0 picks free ports), not \"{basePort}\"";
        }

        if (options.Value("--outbound-traffic-policy") is { } outbound
            && !string.Equals(outbound, "ALLOW_ANY", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(outbound, "REGISTRY_ONLY", StringComparison.OrdinalIgnoreCase))
        {
            return $"--outbound-traffic-policy must be ALLOW_ANY (calls to unknown hosts pass) or REGISTRY_ONLY (only hosts of a ServiceEntry), not \"{outbound}\"";
        }

        if (options.Value("--control-plane") is { } url && !IsHttpUrl(url))
        {
            return $"--control-plane must be an http:// URL such as {DefaultControlPlane}, not \"{url}\"";
        }

        foreach (var name in (string[])["--join-token", "--data-dir"])
        {
            if (options.Value(name) is { Length: 0 })
            {
                return $"{name} needs a value";
            }
        }

        return null;
    }

    private static bool IsPort(string value, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= max;

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
