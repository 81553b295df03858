using System.Globalization;
using Mesh.Client.Security;
using Mesh.Policy.Api;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mesh.Client.Registration;

/// <summary>
/// Once Kestrel is listening, registers this instance with the control server under its real bound address,
/// keeps the lease alive with heartbeats (registering again if the server forgot it, e.g. after its lease ran
/// out during a network gap), and deregisters on graceful shutdown. An instance with a workload identity carries
/// Istio's <c>security.istio.io/tlsMode: istio</c> label, so that callers use mTLS to it (auto-mTLS).
/// </summary>
internal sealed partial class InstanceRegistrar(MeshRuntime runtime, IServiceProvider services, IHostApplicationLifetime lifetime, ILogger<InstanceRegistrar> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private HttpClient? _http;
    private ControlPlaneClient? _client;
    private Task? _loop;
    private string? _instanceId;
    private TaskCompletionSource _identityChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The id the server gave this instance, once registered.</summary>
    public string? InstanceId => Volatile.Read(ref _instanceId);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var options = runtime.Options;
        if (options.ControlPlane.Count == 0 || !options.Register)
        {
            return Task.CompletedTask;
        }

        _http = new HttpClient { BaseAddress = new Uri(options.ControlPlane[0]), Timeout = TimeSpan.FromSeconds(10) };
        _client = new ControlPlaneClient(_http, options.JoinToken);
        lifetime.ApplicationStarted.Register(() => _loop = Task.Run(() => RunAsync(_stopping.Token)));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        if (InstanceId is { } id && _client is not null)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(3));
                await _client.DeregisterAsync(id, timeout.Token).ConfigureAwait(false);
                LogDeregistered(logger, id);
            }
            catch (Exception ex) when (ex is ControlPlaneException or OperationCanceledException)
            {
                // The lease will expire on its own.
                LogDeregisterFailed(logger, ex.Message);
            }
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _http?.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        if (BuildRegistration() is null)
        {
            LogNoAddress(logger);
            return;
        }

        // Whether this instance can serve mesh mTLS is part of its registration (the tlsMode label auto-mTLS
        // callers look for): when the workload gains or loses its identity, it registers again with the new label.
        runtime.Identity.Changed += OnIdentityChanged;
        try
        {
            await HeartbeatLoopAsync(stopping).ConfigureAwait(false);
        }
        finally
        {
            runtime.Identity.Changed -= OnIdentityChanged;
        }
    }

    private async Task HeartbeatLoopAsync(CancellationToken stopping)
    {
        var interval = TimeSpan.FromSeconds(5);
        var heartbeat = interval;
        var failures = 0;
        bool? advertisedMtls = null;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var mtls = runtime.Identity.Current is not null;
                if (InstanceId is { } previous && advertisedMtls is { } advertised && advertised != mtls)
                {
                    await RegisterAsync(mtls, stopping).ConfigureAwait(false);
                    advertisedMtls = mtls;
                    await _client!.DeregisterAsync(previous, stopping).ConfigureAwait(false); // after the new entry exists: no gap
                }
                else if (InstanceId is not { } id || !await _client!.HeartbeatAsync(id, stopping).ConfigureAwait(false))
                {
                    heartbeat = await RegisterAsync(mtls, stopping).ConfigureAwait(false);
                    advertisedMtls = mtls;
                }

                failures = 0;
                interval = heartbeat;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is ControlPlaneException or HttpRequestException or TaskCanceledException)
            {
                interval = RegistrationBackoff.Delay(ex, ++failures, runtime.Random.NextDouble());
                LogHeartbeatFailed(logger, ex.Message, interval.TotalSeconds);
            }

            var wake = Volatile.Read(ref _identityChanged);
            await Task.WhenAny(Task.Delay(interval, runtime.Time, stopping), wake.Task).ConfigureAwait(false);
            if (wake.Task.IsCompleted)
            {
                Interlocked.CompareExchange(ref _identityChanged, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), wake);
            }
        }
    }

    private async Task<TimeSpan> RegisterAsync(bool mtls, CancellationToken stopping)
    {
        var registration = BuildRegistration(mtls)!;
        var response = await _client!.RegisterAsync(registration, stopping).ConfigureAwait(false);
        Volatile.Write(ref _instanceId, response.InstanceId);
        LogRegistered(logger, registration.Address, response.InstanceId);
        return TimeSpan.FromSeconds(Math.Max(1, response.LeaseSeconds / 3.0));
    }

    private void OnIdentityChanged(Identity.WorkloadCertificate? certificate) => Volatile.Read(ref _identityChanged).TrySetResult();

    private InstanceRegistration? BuildRegistration(bool mtls = false)
    {
        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses is null)
        {
            return null;
        }

        var options = runtime.Options;
        string? host = null;
        var ports = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var address in addresses)
        {
            if (!Uri.TryCreate(address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
            {
                continue;
            }

            host ??= uri.Host is "0.0.0.0" or "[::]" or "::" or "localhost" ? options.AdvertiseAddress : uri.Host.Trim('[', ']');
            var name = ports.Count == 0 ? "http" : "http-" + (ports.Count + 1).ToString(CultureInfo.InvariantCulture);
            ports[name] = uri.Port;
        }

        if (host is null)
        {
            return null;
        }

        return new InstanceRegistration
        {
            Service = options.ServiceName!,
            Namespace = options.Namespace,
            ServiceAccount = options.EffectiveServiceAccount,
            Version = options.Version,
            Labels = mtls ? new Dictionary<string, string>(options.Labels, StringComparer.Ordinal) { [OutboundTlsResolver.TlsModeLabel] = OutboundTlsResolver.TlsModeIstio } : options.Labels,
            Address = host,
            Ports = ports,
            Locality = options.Locality,
        };
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "Registered with the control server at {Address} (instance {InstanceId})")]
    private static partial void LogRegistered(ILogger logger, string address, string instanceId);

    [LoggerMessage(EventId = 31, Level = LogLevel.Information, Message = "Deregistered instance {InstanceId}")]
    private static partial void LogDeregistered(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 32, Level = LogLevel.Warning, Message = "Could not deregister ({Reason}); the lease will expire")]
    private static partial void LogDeregisterFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 33, Level = LogLevel.Warning, Message = "Registration heartbeat failed ({Reason}); retrying in {DelaySeconds:F1} s")]
    private static partial void LogHeartbeatFailed(ILogger logger, string reason, double delaySeconds);

    [LoggerMessage(EventId = 34, Level = LogLevel.Warning, Message = "No server address to register (is Kestrel listening?); this instance receives no mesh traffic")]
    private static partial void LogNoAddress(ILogger logger);
}
