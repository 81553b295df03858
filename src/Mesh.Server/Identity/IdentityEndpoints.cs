using System.Text.Json;
using Mesh.Policy.Api;
using Mesh.Policy.Serialization;
using Mesh.Server.Auth;
using Mesh.Server.Http;

namespace Mesh.Server.Identity;

/// <summary>
/// The CA over HTTP: workloads (join token) send a CSR and get a certificate for an identity their token may
/// obtain; anyone with a token reads the trust bundle.
/// </summary>
internal static partial class IdentityEndpoints
{
    public static void MapIdentityEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(ApiRoutes.Certificates, IssueAsync).RequireToken(TokenRole.Join);
        app.MapGet(ApiRoutes.TrustBundle, (CertificateAuthority ca) => ApiResults.Ok(new TrustBundleResponse(ca.TrustDomain, ca.Bundle.Pem, ca.Bundle.Version)))
            .RequireToken(TokenRole.Join);
    }

    private static async Task<IResult> IssueAsync(HttpContext context, CertificateAuthority ca, ILogger<CertificateAuthority> logger, CancellationToken cancellationToken)
    {
        var (body, tooLarge) = await ApiResults.ReadTextAsync(context.Request, cancellationToken);
        if (tooLarge is not null)
        {
            return tooLarge;
        }

        // JSON ({"csr": "<PEM>"}) as the typed client sends it, or the bare PEM (curl --data-binary @req.pem).
        var pem = body;
        if (body?.TrimStart().StartsWith('{') == true)
        {
            try
            {
                pem = JsonSerializer.Deserialize<CertificateSigningRequest>(body, PolicySerializer.Options)?.Csr;
            }
            catch (JsonException ex)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "the body is not valid JSON: " + ex.Message);
            }
        }

        var csr = CsrReader.Read(pem, out var error);
        if (csr is null)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, error!);
        }

        var identity = csr.Identity;
        if (!string.Equals(identity.TrustDomain, ca.TrustDomain, StringComparison.Ordinal))
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, $"{identity} is in trust domain \"{identity.TrustDomain}\", but this CA issues identities in \"{ca.TrustDomain}\" only");
        }

        var grant = TokenAuthFilter.GrantOf(context);
        if (grant.Scope is { } scope && !scope.Allows(identity.Namespace, identity.ServiceAccount))
        {
            LogRefused(logger, identity.ToString(), scope.Describe());
            return ApiResults.Error(StatusCodes.Status403Forbidden, $"this join token may not obtain {identity}: it is bound to {scope.Describe()}; create a token for that identity (meshctl token create)");
        }

        using var certificate = ca.Issue(identity, csr.PublicKey);
        var name = identity.ToString();
        var notAfter = certificate.NotAfter.ToUniversalTime();
        LogIssued(logger, name, certificate.SerialNumber, notAfter);
        return ApiResults.Ok(new CertificateResponse(
            name,
            certificate.ExportCertificatePem() + "\n" + ca.ChainPem,
            ca.Bundle.Pem,
            new DateTimeOffset(notAfter),
            ca.Bundle.Version));
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Issued a certificate for {Identity} (serial {Serial}, until {NotAfter:O})")]
    private static partial void LogIssued(ILogger logger, string identity, string serial, DateTime notAfter);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "Refused a certificate for {Identity}: the token is bound to {Scope}")]
    private static partial void LogRefused(ILogger logger, string identity, string scope);
}
