using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Mesh.Server.Hosting;
using Mesh.Server.Storage;

namespace Mesh.Server.Identity;

/// <summary>
/// Finds the CA at start: the files given by <see cref="MeshServerOptions.CaCertificateFile"/> and
/// <see cref="MeshServerOptions.CaKeyFile"/> (a root, or an intermediate followed by its chain), else the root kept
/// in the data directory, else a new self-signed root written there (owner-only files). Anything unusable stops
/// the server with an <see cref="InvalidDataException"/> that says what to fix.
/// </summary>
internal static class CertificateAuthorityLoader
{
    public const string CertificateFile = "ca-cert.pem";
    public const string KeyFile = "ca-key.pem";

    private static readonly TimeSpan RootLifetime = TimeSpan.FromDays(3650);

    /// <summary>Loads or creates the CA; <paramref name="createdRoot"/> is the new root's file, when one was made.</summary>
    public static CertificateAuthority Load(MeshServerOptions options, string dataDirectory, out string? createdRoot)
    {
        createdRoot = null;
        if (!TrustDomains.IsValid(options.TrustDomain))
        {
            throw new InvalidDataException($"trust domain \"{options.TrustDomain}\" is not valid: use lower-case letters, digits, '.', '-' and '_' (e.g. cluster.local)");
        }

        if (options.WorkloadCertificateLifetime < TimeSpan.FromSeconds(1))
        {
            throw new InvalidDataException("the workload certificate lifetime must be at least 1s");
        }

        string certificateFile, keyFile;
        if (options.CaCertificateFile is not null || options.CaKeyFile is not null)
        {
            if (options.CaCertificateFile is null || options.CaKeyFile is null)
            {
                throw new InvalidDataException("--ca-cert and --ca-key go together: give both, or neither to use the data directory's CA");
            }

            certificateFile = Path.GetFullPath(options.CaCertificateFile);
            keyFile = Path.GetFullPath(options.CaKeyFile);
        }
        else
        {
            certificateFile = Path.Combine(dataDirectory, CertificateFile);
            keyFile = Path.Combine(dataDirectory, KeyFile);
            if (!File.Exists(certificateFile) && !File.Exists(keyFile))
            {
                CreateRoot(certificateFile, keyFile, options);
                createdRoot = certificateFile;
            }
        }

        var signer = ReadSigner(certificateFile, keyFile);
        var roots = new List<X509Certificate2>();
        var intermediates = new List<X509Certificate2>();
        foreach (var certificate in ReadCertificates(certificateFile).Skip(1))
        {
            (IsSelfSigned(certificate) ? roots : intermediates).Add(certificate);
        }

        if (IsSelfSigned(signer))
        {
            roots.Add(X509CertificateLoader.LoadCertificate(signer.RawData));
        }

        if (options.TrustBundleFile is { } extra)
        {
            foreach (var certificate in ReadCertificates(Path.GetFullPath(extra)))
            {
                if (!IsSelfSigned(certificate))
                {
                    throw new InvalidDataException($"{extra}: \"{certificate.Subject}\" is not a root (not self-signed); the trust bundle holds roots only");
                }

                roots.Add(certificate);
            }
        }

        var bundle = new TrustBundle(roots);
        var chain = ChainToRoot(signer, intermediates, bundle, certificateFile, options.TimeProvider);
        return new CertificateAuthority(signer, chain, bundle, options.TrustDomain, options.WorkloadCertificateLifetime, options.TimeProvider);
    }

    private static void CreateRoot(string certificateFile, string keyFile, MeshServerOptions options)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN=Mesh root CA, O={options.TrustDomain}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = options.TimeProvider.GetUtcNow();
        using var root = request.Create(request.SubjectName, X509SignatureGenerator.CreateForECDsa(key), now - TimeSpan.FromHours(1), now + RootLifetime, CertificateAuthority.NewSerial());

        // Key first: a root certificate without its key on disk would stop every later start.
        AtomicFile.Write(keyFile, Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem() + "\n"));
        AtomicFile.Write(certificateFile, Encoding.ASCII.GetBytes(root.ExportCertificatePem() + "\n"));
    }

    private static X509Certificate2 ReadSigner(string certificateFile, string keyFile)
    {
        if (!File.Exists(certificateFile) || !File.Exists(keyFile))
        {
            throw new InvalidDataException($"the CA needs both {certificateFile} and {keyFile}; one of them is missing");
        }

        X509Certificate2 signer;
        try
        {
            signer = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidDataException($"cannot load the CA from {certificateFile} and {keyFile}: {ex.Message} (the certificate file must start with the CA certificate, the key file must hold its private key, unencrypted)", ex);
        }
        catch (ArgumentException ex)
        {
            // .NET reports a key that belongs to another certificate as an argument error.
            throw new InvalidDataException($"the private key in {keyFile} does not belong to the CA certificate in {certificateFile} ({ex.Message}): put the matching key there, or restore both files from the same backup", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"cannot read the CA from {certificateFile} and {keyFile}: {ex.Message}", ex);
        }

        var constraints = signer.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        if (constraints is not { CertificateAuthority: true })
        {
            throw new InvalidDataException($"{certificateFile}: \"{signer.Subject}\" is not a CA certificate (basicConstraints CA:TRUE is required)");
        }

        var usage = signer.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (usage is not null && !usage.KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign))
        {
            throw new InvalidDataException($"{certificateFile}: \"{signer.Subject}\" may not sign certificates (keyUsage lacks keyCertSign)");
        }

        return signer;
    }

    private static X509Certificate2Collection ReadCertificates(string file)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(file);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"cannot read certificates from {file}: {ex.Message}", ex);
        }

        if (certificates.Count == 0)
        {
            throw new InvalidDataException($"{file} holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }

        return certificates;
    }

    // The chain from the signer to a root of the bundle, without the root: what a workload sends after its leaf.
    private static List<X509Certificate2> ChainToRoot(X509Certificate2 signer, List<X509Certificate2> intermediates, TrustBundle bundle, string certificateFile, TimeProvider time)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(bundle.Roots);
        chain.ChainPolicy.ExtraStore.AddRange(intermediates.ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = time.GetUtcNow().UtcDateTime;
        if (!chain.Build(signer))
        {
            var reasons = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
            throw new InvalidDataException($"the CA certificate \"{signer.Subject}\" in {certificateFile} does not chain to a trusted root ({reasons}): put its intermediates and its root after it in that file, or give the root with --trust-bundle");
        }

        var result = new List<X509Certificate2>();
        foreach (var element in chain.ChainElements)
        {
            if (!IsSelfSigned(element.Certificate))
            {
                result.Add(X509CertificateLoader.LoadCertificate(element.Certificate.RawData));
            }
        }

        return result;
    }

    private static bool IsSelfSigned(X509Certificate2 certificate) =>
        certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);
}
