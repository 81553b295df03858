using System.Globalization;

namespace Mesh.Server.Hosting;

/// <summary>
/// Reads <see cref="MeshServerOptions"/> from the command line and MESH_* environment variables; the command line
/// wins. Unknown arguments are an error that lists the known ones.
/// </summary>
public static class MeshServerArguments
{
    /// <summary>The usage text.</summary>
    public const string Usage = """
        Usage: Mesh.Server [options]

          --listen URL          address to serve on (default http://127.0.0.1:15010; env MESH_LISTEN)
          --data-dir DIR        where the store and tokens live (default ./mesh-data; env MESH_DATA_DIR)
          --admin-token TOKEN   admin token (default: created in the data dir; env MESH_ADMIN_TOKEN)
          --join-token TOKEN    join token for instances (default: created in the data dir; env MESH_JOIN_TOKEN)
          --lease-ttl DURATION  instance lease without heartbeat, e.g. 15s (env MESH_LEASE_TTL)
          --log-format FORMAT   simple or json (env MESH_LOG_FORMAT)
          --ca-cert FILE        CA certificate (PEM; an intermediate followed by its chain) instead of the
                                root created in the data dir (env MESH_CA_CERT); needs --ca-key
          --ca-key FILE         the CA's private key (PEM, unencrypted; env MESH_CA_KEY)
          --trust-bundle FILE   extra roots to trust, PEM, e.g. during a root rotation (env MESH_TRUST_BUNDLE)
          --trust-domain NAME   SPIFFE trust domain (default cluster.local; env MESH_TRUST_DOMAIN)
          --cert-lifetime DURATION  workload certificate lifetime, e.g. 24h (default; env MESH_CERT_LIFETIME)
          --auth-failure-burst N  failed token attempts an address may make before it gets 429
                                (default 10; env MESH_AUTH_FAILURE_BURST)
          --auth-failure-refill DURATION  how often an address earns back one attempt (default 6s;
                                env MESH_AUTH_FAILURE_REFILL)
          --watch-history-bytes SIZE  most change data kept for watchers to resume from, e.g. 64MiB
                                (default; KiB, MiB, GiB or bytes; env MESH_WATCH_HISTORY_BYTES)
          --help                show this text
        """;

    /// <summary>Parses <paramref name="args"/> over the environment; returns null with <paramref name="error"/> set on bad input, or null with no error for --help.</summary>
    public static MeshServerOptions? Parse(string[] args, Func<string, string?> environment, out string? error)
    {
        error = null;
        var options = new MeshServerOptions();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, variable) in new[] { ("listen", "MESH_LISTEN"), ("data-dir", "MESH_DATA_DIR"), ("admin-token", "MESH_ADMIN_TOKEN"), ("join-token", "MESH_JOIN_TOKEN"), ("lease-ttl", "MESH_LEASE_TTL"), ("log-format", "MESH_LOG_FORMAT"), ("ca-cert", "MESH_CA_CERT"), ("ca-key", "MESH_CA_KEY"), ("trust-bundle", "MESH_TRUST_BUNDLE"), ("trust-domain", "MESH_TRUST_DOMAIN"), ("cert-lifetime", "MESH_CERT_LIFETIME"), ("watch-history-bytes", "MESH_WATCH_HISTORY_BYTES"), ("auth-failure-burst", "MESH_AUTH_FAILURE_BURST"), ("auth-failure-refill", "MESH_AUTH_FAILURE_REFILL") })
        {
            if (environment(variable) is { Length: > 0 } value)
            {
                values[name] = value;
            }
        }

        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
            {
                return null;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                error = $"unexpected argument \"{arg}\"";
                return null;
            }

            var name = arg[2..];
            string? value = null;
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else if (i + 1 < args.Length)
            {
                value = args[++i];
            }

            if (name is not ("listen" or "urls" or "data-dir" or "admin-token" or "join-token" or "lease-ttl" or "log-format" or "ca-cert" or "ca-key" or "trust-bundle" or "trust-domain" or "cert-lifetime" or "watch-history-bytes" or "auth-failure-burst" or "auth-failure-refill"))
            {
                error = $"unknown option \"--{name}\"";
                return null;
            }

            if (value is null)
            {
                error = $"option \"--{name}\" needs a value";
                return null;
            }

            values[name == "urls" ? "listen" : name] = value;
        }

        foreach (var (name, value) in values)
        {
            switch (name)
            {
                case "listen":
                    if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                    {
                        error = $"--listen \"{value}\" is not an http:// URL (e.g. http://127.0.0.1:15010)";
                        return null;
                    }

                    options.Listen = value;
                    break;
                case "data-dir":
                    options.DataDirectory = value;
                    break;
                case "admin-token":
                    options.AdminToken = value;
                    break;
                case "join-token":
                    options.JoinToken = value;
                    break;
                case "lease-ttl":
                    if (!Policy.Resources.Duration.TryParse(value, out var ttl, out var ttlError) || ttl.Value < TimeSpan.FromSeconds(1))
                    {
                        error = $"--lease-ttl: {ttlError ?? "must be at least 1s"}";
                        return null;
                    }

                    options.LeaseTtl = ttl.Value;
                    break;
                case "ca-cert":
                    options.CaCertificateFile = value;
                    break;
                case "ca-key":
                    options.CaKeyFile = value;
                    break;
                case "trust-bundle":
                    options.TrustBundleFile = value;
                    break;
                case "trust-domain":
                    options.TrustDomain = value;
                    break;
                case "cert-lifetime":
                    if (!Policy.Resources.Duration.TryParse(value, out var lifetime, out var lifetimeError) || lifetime.Value < TimeSpan.FromSeconds(1))
                    {
                        error = $"--cert-lifetime: {lifetimeError ?? "must be at least 1s"}";
                        return null;
                    }

                    options.WorkloadCertificateLifetime = lifetime.Value;
                    break;
                case "auth-failure-burst":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var burst) || burst < 1)
                    {
                        error = $"--auth-failure-burst \"{value}\" is not a whole number of 1 or more (e.g. 10)";
                        return null;
                    }

                    options.AuthFailureBurst = burst;
                    break;
                case "auth-failure-refill":
                    if (!Policy.Resources.Duration.TryParse(value, out var refill, out var refillError) || refill.Value <= TimeSpan.Zero)
                    {
                        error = $"--auth-failure-refill: {refillError ?? "must be more than 0s"} (e.g. 6s)";
                        return null;
                    }

                    options.AuthFailureRefill = refill.Value;
                    break;
                case "watch-history-bytes":
                    if (!TryParseSize(value, out var bytes) || bytes < 1024)
                    {
                        error = $"--watch-history-bytes \"{value}\" is not a size of at least 1KiB (e.g. 64MiB, 512KiB or 1048576)";
                        return null;
                    }

                    options.WatchHistoryBytes = bytes;
                    break;
                case "log-format":
                    if (value is not ("simple" or "json"))
                    {
                        error = string.Create(CultureInfo.InvariantCulture, $"--log-format must be simple or json, not \"{value}\"");
                        return null;
                    }

                    options.LogFormat = value;
                    break;
            }
        }

        return options;
    }

    private static bool TryParseSize(string value, out long bytes)
    {
        var (digits, unit) = value.EndsWith("GiB", StringComparison.Ordinal) ? (value[..^3], 1L << 30)
            : value.EndsWith("MiB", StringComparison.Ordinal) ? (value[..^3], 1L << 20)
            : value.EndsWith("KiB", StringComparison.Ordinal) ? (value[..^3], 1L << 10)
            : (value, 1L);
        bytes = 0;
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > long.MaxValue / unit)
        {
            return false;
        }

        bytes = count * unit;
        return true;
    }
}
