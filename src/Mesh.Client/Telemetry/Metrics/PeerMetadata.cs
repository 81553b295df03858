namespace Mesh.Client.Telemetry.Metrics;

/// <summary>
/// Who the caller is, for the callee's metrics (reporter=destination): a small header a meshed caller sends on
/// mesh requests, the counterpart of Istio's <c>x-envoy-peer-metadata</c>: <c>x-mesh-peer: app;version;namespace</c>
/// (an empty version when there is none). It is informational (a caller can write anything in it): identity for
/// authorization comes from mTLS only, and <c>source_principal</c> only from the client certificate.
/// </summary>
internal static class PeerMetadata
{
    public const string Header = "x-mesh-peer";

    /// <summary>The header value for this workload.</summary>
    public static string Format(string app, string? version, string @namespace) => app + ";" + version + ";" + @namespace;

    /// <summary>Parses a header value; false for anything malformed (the caller is then <c>unknown</c>).</summary>
    public static bool TryParse(string? value, out string app, out string? version, out string @namespace)
    {
        app = @namespace = "";
        version = null;
        if (string.IsNullOrEmpty(value) || value.Length > 200)
        {
            return false;
        }

        var parts = value.Split(';');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[2].Length == 0 || !IsLabel(parts[0]) || !IsLabel(parts[2]) || (parts[1].Length > 0 && !IsLabel(parts[1])))
        {
            return false;
        }

        app = parts[0];
        version = parts[1].Length == 0 ? null : parts[1];
        @namespace = parts[2];
        return true;
    }

    private static bool IsLabel(string value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return value.Length <= 63;
    }
}
