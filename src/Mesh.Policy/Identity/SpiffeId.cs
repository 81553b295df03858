using System.Diagnostics.CodeAnalysis;

namespace Mesh.Policy.Identity;

/// <summary>
/// A workload identity in Istio's SPIFFE form, <c>spiffe://TRUST-DOMAIN/ns/NAMESPACE/sa/SERVICE-ACCOUNT</c>.
/// The control server issues it, clients check it on the servers they call, and AuthorizationPolicy matches its
/// <see cref="Principal"/> form (<c>TRUST-DOMAIN/ns/NAMESPACE/sa/SERVICE-ACCOUNT</c>, as Istio's
/// <c>source.principal</c>).
/// </summary>
public sealed record SpiffeId(string TrustDomain, string Namespace, string ServiceAccount)
{
    /// <summary>Istio's default trust domain.</summary>
    public const string DefaultTrustDomain = "cluster.local";

    private const string Scheme = "spiffe://";

    /// <summary>The principal as AuthorizationPolicy writes it: the URI without its scheme.</summary>
    public string Principal => $"{TrustDomain}/ns/{Namespace}/sa/{ServiceAccount}";

    /// <summary>The identity as a URI (the certificate's URI SAN).</summary>
    public Uri ToUri() => new(ToString());

    /// <inheritdoc />
    public override string ToString() => Scheme + Principal;

    /// <summary>Reads <c>spiffe://td/ns/N/sa/S</c> or its principal form <c>td/ns/N/sa/S</c>.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SpiffeId? id)
    {
        id = null;
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var text = value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? value[Scheme.Length..] : value;
        var parts = text.Split('/');
        if (parts.Length != 5 || parts[1] != "ns" || parts[3] != "sa"
            || parts[0].Length == 0 || parts[2].Length == 0 || parts[4].Length == 0)
        {
            return false;
        }

        id = new SpiffeId(parts[0], parts[2], parts[4]);
        return true;
    }

    /// <summary>Reads an identity, or says what a valid one looks like.</summary>
    public static SpiffeId Parse(string value) =>
        TryParse(value, out var id)
            ? id
            : throw new FormatException($"\"{value}\" is not a workload identity: expected spiffe://TRUST-DOMAIN/ns/NAMESPACE/sa/SERVICE-ACCOUNT");
}
