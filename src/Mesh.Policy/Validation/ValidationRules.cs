using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Mesh.Policy.Resources;

namespace Mesh.Policy.Validation;

/// <summary>Checks shared by the per-kind validators.</summary>
internal static class ValidationRules
{
    private static readonly TimeSpan RegexCheckTimeout = TimeSpan.FromSeconds(1);

    /// <summary>A value short enough to quote in a message: input (a registration, say) may carry a very long one.</summary>
    public static string Shorten(string value) => value.Length <= 80 ? value : value[..77] + "...";

    public static string Index(string path, int i) => path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";

    /// <summary>A host as Istio allows it: a DNS name, optionally with a leading <c>*.</c> wildcard, or <c>*</c>.</summary>
    public static void Host(DiagnosticBag bag, string path, string? host, bool allowWildcard)
    {
        if (string.IsNullOrEmpty(host))
        {
            bag.Error(path, "must not be empty");
            return;
        }

        var name = host;
        if (allowWildcard && (host == "*" || host.StartsWith("*.", StringComparison.Ordinal)))
        {
            if (host == "*")
            {
                return;
            }

            name = host[2..];
        }
        else if (host.Contains('*', StringComparison.Ordinal))
        {
            bag.Error(path, allowWildcard
                ? $"\"{host}\": a wildcard is only allowed as the whole host (*) or as a leading \"*.\""
                : $"\"{host}\": wildcards are not allowed here");
            return;
        }

        if (IPAddress.TryParse(name, out _))
        {
            return;
        }

        if (!DnsNames.IsSubdomain(name.ToLowerInvariant()) || name.Contains('/', StringComparison.Ordinal) || name.Contains(':', StringComparison.Ordinal))
        {
            bag.Error(path, $"\"{host}\" is not a valid host name (letters, digits, '-' and '.'; no scheme or port)");
        }
    }

    public static void Regex(DiagnosticBag bag, string path, string? pattern)
    {
        if (pattern is null)
        {
            return;
        }

        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, RegexCheckTimeout);
        }
        catch (ArgumentException ex)
        {
            bag.Error(path, $"invalid regular expression \"{pattern}\": {ex.Message}");
        }
    }

    public static void Percent(DiagnosticBag bag, string path, Percent? percent)
    {
        if (percent is not null && (percent.Value < 0 || percent.Value > 100 || double.IsNaN(percent.Value)))
        {
            bag.Error(path + ".value", $"{percent.Value.ToString(CultureInfo.InvariantCulture)} is outside 0-100");
        }
    }

    public static void Port(DiagnosticBag bag, string path, int? port)
    {
        if (port is not null && (port < 1 || port > 65535))
        {
            bag.Error(path, $"{port} is not a port number (1-65535)");
        }
    }

    public static void NonNegative(DiagnosticBag bag, string path, long? value)
    {
        if (value < 0)
        {
            bag.Error(path, $"{value} must be zero or more");
        }
    }

    public static void Range(DiagnosticBag bag, string path, int? value, int min, int max)
    {
        if (value is not null && (value < min || value > max))
        {
            bag.Error(path, $"{value} is outside {min}-{max}");
        }
    }

    public static void Labels(DiagnosticBag bag, string path, Dictionary<string, string>? labels)
    {
        if (labels is null)
        {
            return;
        }

        foreach (var (key, value) in labels)
        {
            if (!IsLabelKey(key))
            {
                bag.Error(path + "." + key, "invalid label key (letters, digits, '-', '_', '.', optional prefix/)");
            }

            if (value.Length > 63 || !IsLabelValue(value))
            {
                bag.Error(path + "." + key, $"invalid label value \"{Shorten(value)}\" (at most 63 letters, digits, '-', '_' or '.')");
            }
        }
    }

    private static bool IsLabelKey(string key)
    {
        var slash = key.LastIndexOf('/');
        var name = slash >= 0 ? key[(slash + 1)..] : key;
        if (slash >= 0 && !DnsNames.IsSubdomain(key[..slash]))
        {
            return false;
        }

        return name.Length is > 0 and <= 63 && IsLabelValue(name);
    }

    public static bool IsLabelValue(string value)
    {
        if (value.Length == 0)
        {
            return true;
        }

        if (!char.IsAsciiLetterOrDigit(value[0]) || !char.IsAsciiLetterOrDigit(value[^1]))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    public static void HeaderName(DiagnosticBag bag, string path, string name)
    {
        if (name.Length == 0)
        {
            bag.Error(path, "empty header name");
            return;
        }

        foreach (var c in name)
        {
            // RFC 9110 token characters.
            if (!(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal)))
            {
                bag.Error(path, $"\"{name}\" is not a valid header name");
                return;
            }
        }
    }
}
