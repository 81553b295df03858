using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mesh.Policy.Api;
using Mesh.Policy.Identity;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mesh.Client.Identity;

/// <summary>
/// Gives this workload its SPIFFE identity: makes an ECDSA P-256 key in the process, sends a CSR with the join
/// token to the control server's CA, and publishes the certificate with its chain and the trust bundle through
/// <see cref="MeshRuntime.Identity"/>. Renews at about half the certificate's life (a fresh key each time), and
/// at once when a watch answer names a trust bundle other than the one held (a root rotation), or when the
/// policy sync reconnects and the server's bundle turns out to have changed. A failed attempt
/// keeps the certificate in force and retries with capped, jittered back-off, rotating through the servers.
/// </summary>
/// <remarks>
/// Start-up waits (up to <see cref="MeshOptions.InitialSyncTimeout"/>) for the first attempt to finish, so that a
/// service normally has its certificate before it serves; a failure does not hold start-up.
/// </remarks>
internal sealed partial class IdentityAgent(MeshRuntime runtime, ILogger<IdentityAgent> logger) : BackgroundService
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MinRenewal = TimeSpan.FromMilliseconds(500);

    // Why the loop was woken: nothing (the renewal timer), a bundle check after a reconnect, or a renewal now.
    private const int Due = 0;
    private const int CheckBundle = 1;
    private const int RenewNow = 2;

    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _wakeReason;
    private string? _bundleVersion;

    /// <summary>True when a control server is configured and certificates are requested.</summary>
    public bool Enabled => runtime.Options.ControlPlane.Count > 0 && runtime.Options.RequestCertificate;

    /// <summary>Completes when the first attempt to obtain a certificate has finished, whatever its outcome.</summary>
    public Task FirstAttempt => _firstAttempt.Task;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return;
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
        var timeout = runtime.Options.InitialSyncTimeout;
        if (timeout > TimeSpan.Zero)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(_firstAttempt.Task, Task.Delay(timeout, runtime.Time, wait.Token)).ConfigureAwait(false);
            await wait.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Told the trust bundle version of each watch answer; a version other than the one held means the roots
    /// changed, and a new certificate (with the new bundle) is fetched at once.
    /// </summary>
    public void ObserveTrustBundleVersion(string? version)
    {
        var held = Volatile.Read(ref _bundleVersion);
        if (Enabled && version is not null && held is not null && !string.Equals(held, version, StringComparison.Ordinal))
        {
            LogBundleChanged(logger, held, version);
            Wake(RenewNow);
        }
    }

    /// <summary>
    /// Told that the policy sync reconnected after a gap (the server may have restarted with other roots): the
    /// agent reads the bundle's version at once rather than at the next watch answer, and renews if it changed.
    /// </summary>
    public void ObserveReconnected()
    {
        if (Enabled)
        {
            Wake(CheckBundle);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var urls = runtime.Options.ControlPlane;
        var failures = 0;
        var urlIndex = 0;
        var renewAt = runtime.Time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            var reason = await WaitAsync(renewAt, stoppingToken).ConfigureAwait(false);
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            var server = new Uri(urls[urlIndex % urls.Count]);
            try
            {
                if (reason == CheckBundle && !await BundleChangedAsync(server, stoppingToken).ConfigureAwait(false))
                {
                    continue; // same roots: the renewal stays where it was
                }

                var notAfter = await IssueAsync(server, stoppingToken).ConfigureAwait(false);
                failures = 0;
                renewAt = runtime.Time.GetUtcNow() + RenewalDelay(notAfter);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (ControlPlaneException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
            {
                LogNoCa(logger, server);
                _firstAttempt.TrySetResult();
                return;
            }
            catch (Exception ex) when (ex is ControlPlaneException or HttpRequestException or TaskCanceledException or CryptographicException or FormatException or InvalidDataException)
            {
                failures++;
                urlIndex++;
                var delay = Backoff(failures);
                renewAt = runtime.Time.GetUtcNow() + delay;
                LogFailed(logger, server, ex.Message, runtime.Identity.Current is null ? "none" : "the current one", delay.TotalMilliseconds);
            }

            _firstAttempt.TrySetResult();
        }
    }

    private async Task<bool> BundleChangedAsync(Uri server, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = RequestTimeout };
        var bundle = await new ControlPlaneClient(http, runtime.Options.JoinToken).GetTrustBundleAsync(cancellationToken).ConfigureAwait(false);
        return !string.Equals(bundle.Version, Volatile.Read(ref _bundleVersion), StringComparison.Ordinal);
    }

    private async Task<DateTimeOffset> IssueAsync(Uri server, CancellationToken cancellationToken)
    {
        var options = runtime.Options;
        using var http = new HttpClient { BaseAddress = server, Timeout = RequestTimeout };
        var client = new ControlPlaneClient(http, options.JoinToken);

        // The trust domain is the CA's to say; asking each time also picks up a new bundle.
        var bundle = await client.GetTrustBundleAsync(cancellationToken).ConfigureAwait(false);
        var identity = new SpiffeId(bundle.TrustDomain, options.Namespace, options.EffectiveServiceAccount);
        var name = identity.ToString();
        var key = WorkloadCsr.NewKey();
        try
        {
            var response = await client.IssueCertificateAsync(WorkloadCsr.Create(identity, key), cancellationToken).ConfigureAwait(false);
            var material = Read(response, identity, key);
            runtime.Identity.Publish(material);
            Volatile.Write(ref _bundleVersion, response.TrustBundleVersion);
            LogIssued(logger, name, material.NotAfter, material.TrustBundle.Count);
            return material.NotAfter;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    // The key stays with the certificate (not disposed) for as long as connections use it.
    private static WorkloadCertificate Read(CertificateResponse response, SpiffeId identity, ECDsa key)
    {
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(response.CertificateChain);
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPem(response.TrustBundle);
        if (chain.Count == 0 || bundle.Count == 0)
        {
            throw new InvalidDataException("the control server's answer holds no certificate or no trust bundle");
        }

        using var issued = chain[0];
        if (UriNames.ReadSpiffeId(issued) != identity)
        {
            throw new InvalidDataException($"the control server issued a certificate for {UriNames.ReadSpiffeId(issued)?.ToString() ?? "no identity"}, not {identity}");
        }

        var leaf = issued.CopyWithPrivateKey(key);
        if (OperatingSystem.IsWindows())
        {
            // SChannel cannot use an ephemeral key for a server certificate; a PKCS#12 round trip gives it one it can.
            using var ephemeral = leaf;
            leaf = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        }

        var intermediates = new X509Certificate2Collection();
        for (var i = 1; i < chain.Count; i++)
        {
            intermediates.Add(chain[i]);
        }

        return new WorkloadCertificate(identity, leaf, intermediates, bundle);
    }

    // About half the remaining life, +-5 % so that instances started together do not renew together.
    private TimeSpan RenewalDelay(DateTimeOffset notAfter)
    {
        var remaining = notAfter - runtime.Time.GetUtcNow();
        var delay = remaining * (0.45 + (runtime.Random.NextDouble() * 0.1));
        return delay > MinRenewal ? delay : MinRenewal;
    }

    private TimeSpan Backoff(int failures)
    {
        var exponential = Math.Min(MaxBackoff.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(failures, 10)));
        return TimeSpan.FromMilliseconds(exponential / 2 + (runtime.Random.NextDouble() * exponential / 2));
    }

    // Waits until renewAt, or until woken; says why it returned (Due, CheckBundle or RenewNow).
    private async Task<int> WaitAsync(DateTimeOffset renewAt, CancellationToken stoppingToken)
    {
        var wake = Volatile.Read(ref _wake);
        var delay = renewAt - runtime.Time.GetUtcNow();
        if (delay > TimeSpan.Zero && !wake.Task.IsCompleted)
        {
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var elapsed = Task.Delay(delay, runtime.Time, timer.Token);
            await Task.WhenAny(elapsed, wake.Task).ConfigureAwait(false);
            await timer.CancelAsync().ConfigureAwait(false);
        }

        if (!wake.Task.IsCompleted)
        {
            return Due;
        }

        Interlocked.CompareExchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), wake);
        var reason = Interlocked.Exchange(ref _wakeReason, Due);

        // A renewal that is due anyway wins over a mere bundle check.
        return delay <= TimeSpan.Zero ? RenewNow : reason;
    }

    private void Wake(int reason)
    {
        // Keep the stronger reason when several arrive before the loop looks.
        int seen;
        do
        {
            seen = Volatile.Read(ref _wakeReason);
            if (seen >= reason)
            {
                break;
            }
        }
        while (Interlocked.CompareExchange(ref _wakeReason, reason, seen) != seen);

        Volatile.Read(ref _wake).TrySetResult();
    }

    [LoggerMessage(EventId = 50, Level = LogLevel.Information, Message = "Workload certificate for {Identity} until {NotAfter:O} ({Roots} trusted roots)")]
    private static partial void LogIssued(ILogger logger, string identity, DateTimeOffset notAfter, int roots);

    [LoggerMessage(EventId = 51, Level = LogLevel.Warning, Message = "No workload certificate from {Server} ({Reason}); keeping {Held} certificate, retrying in {DelayMs:F0} ms")]
    private static partial void LogFailed(ILogger logger, Uri server, string reason, string held, double delayMs);

    [LoggerMessage(EventId = 52, Level = LogLevel.Warning, Message = "The control server at {Server} has no CA (an older server); this workload has no mesh identity")]
    private static partial void LogNoCa(ILogger logger, Uri server);

    [LoggerMessage(EventId = 53, Level = LogLevel.Information, Message = "Trust bundle changed ({Held} -> {Version}); fetching a new certificate and bundle")]
    private static partial void LogBundleChanged(ILogger logger, string held, string version);
}
