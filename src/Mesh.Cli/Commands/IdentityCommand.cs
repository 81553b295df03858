using System.CommandLine;
using Mesh.Policy.Identity;

namespace Mesh.Cli.Commands;

/// <summary>
/// <c>meshctl identity issue -n NS --service-account SA --out DIR</c>: a workload certificate from the control
/// server's CA, for operators and tests. The key is made here and written owner-only; it never travels.
/// </summary>
internal static class IdentityCommand
{
    public const string CertificateFile = "cert.pem";
    public const string KeyFile = "key.pem";
    public const string BundleFile = "ca.pem";

    public static Command Create(GlobalOptions globals, MeshCtlContext context) =>
        new("identity", "Workload identities from the control server's CA.") { CreateIssue(globals, context) };

    private static Command CreateIssue(GlobalOptions globals, MeshCtlContext context)
    {
        var ns = CommonOptions.Namespace("The identity's namespace [default: default].");
        var serviceAccount = new Option<string>("--service-account") { Description = "The identity's service account.", HelpName = "NAME", Required = true };
        var output = new Option<string>("--out")
        {
            Description = $"The directory to write {CertificateFile} (certificate and intermediates), {KeyFile} (mode 0600) and {BundleFile} (trust bundle) to; created if missing.",
            HelpName = "DIR",
            Required = true,
        };
        var command = new Command("issue", "Issue a certificate for spiffe://TRUST-DOMAIN/ns/NAMESPACE/sa/SERVICE-ACCOUNT (admin token).") { ns, serviceAccount, output };
        CommandRunner.SetAction(command, context, async (parseResult, cancellationToken) =>
        {
            var settings = globals.Resolve(parseResult, context);
            var directory = Path.GetFullPath(parseResult.GetValue(output)!, context.WorkingDirectory);
            var namespaceName = parseResult.GetValue(ns) ?? "default";
            var account = parseResult.GetValue(serviceAccount)!;
            return await CommandRunner.WithServerAsync(settings, context, async client =>
            {
                var bundle = await client.GetTrustBundleAsync(cancellationToken).ConfigureAwait(false);
                var identity = new SpiffeId(bundle.TrustDomain, namespaceName, account);
                using var key = WorkloadCsr.NewKey();
                var issued = await client.IssueCertificateAsync(WorkloadCsr.Create(identity, key), cancellationToken).ConfigureAwait(false);

                Write(directory, KeyFile, key.ExportPkcs8PrivateKeyPem() + "\n", ownerOnly: true);
                Write(directory, CertificateFile, issued.CertificateChain, ownerOnly: false);
                Write(directory, BundleFile, issued.TrustBundle, ownerOnly: false);
                context.Out.WriteLine($"issued {issued.Identity}, valid until {issued.NotAfter:u}");
                foreach (var file in new[] { CertificateFile, KeyFile, BundleFile })
                {
                    context.Out.WriteLine("wrote " + Path.Combine(directory, file));
                }

                return ExitCodes.Success;
            }).ConfigureAwait(false);
        });
        return command;
    }

    private static void Write(string directory, string name, string content, bool ownerOnly)
    {
        var path = Path.Combine(directory, name);
        try
        {
            Directory.CreateDirectory(directory);
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (ownerOnly && !OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

                // UnixCreateMode applies to new files only: an existing key file is replaced, not rewritten in place.
                File.Delete(path);
            }

            using var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options);
            writer.Write(content);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliException.Invalid($"cannot write {path}: {ex.Message}");
        }
    }
}
