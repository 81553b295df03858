using System.Collections.Concurrent;
using System.Security.Cryptography;
using Mesh.Policy.Api;
using Mesh.Policy.Resources;
using Mesh.Policy.Resources.Networking;
using Mesh.Server.Hosting;
using Mesh.Server.Storage;

namespace Mesh.Server.Registry;

/// <summary>
/// Live service instances. Each registered instance is a WorkloadEntry in the store (so listings and watches
/// show it like any other endpoint), marked with the instance-id annotation; its lease lives in memory and is
/// renewed by heartbeats, which therefore cost no disk write. After a server restart, stored instances get a
/// fresh lease, so that instances that are still alive are not dropped before they can heartbeat.
/// </summary>
internal sealed partial class InstanceRegistry(IResourceStore store, MeshServerOptions options, ILogger<InstanceRegistry> logger)
{
    /// <summary>The annotation that marks a WorkloadEntry as a registered instance.</summary>
    public const string InstanceIdAnnotation = "mesh.io/instance-id";

    private readonly ConcurrentDictionary<string, Lease> _leases = new(StringComparer.Ordinal);
    private readonly TimeProvider _time = options.TimeProvider;

    /// <summary>Gives every stored instance a fresh lease (called at start).</summary>
    public void AdoptStoredInstances()
    {
        foreach (var stored in store.List(ResourceKinds.WorkloadEntry.Kind, null).Items)
        {
            if (InstanceId(stored.Resource) is { } id)
            {
                _leases[id] = new Lease(stored.Key, Expiry(), ServiceAccountOf(stored.Resource));
            }
        }
    }

    public int Count => _leases.Count;

    /// <summary>How long the lease of instance <paramref name="id"/> still runs (negative once overdue), or null when it has none.</summary>
    public TimeSpan? LeaseRemaining(string id) =>
        _leases.TryGetValue(id, out var lease) ? _time.GetElapsedTime(_time.GetTimestamp(), lease.ExpiresAt) : null;

    /// <summary>
    /// The identity (namespace, service account) that instance <paramref name="id"/> registered as, or null when it is
    /// not registered: who may heartbeat or deregister it is decided by this.
    /// </summary>
    public (string Namespace, string ServiceAccount)? IdentityOf(string id) =>
        _leases.TryGetValue(id, out var lease) ? (lease.Key.Namespace, lease.ServiceAccount) : null;

    public async Task<RegistrationResponse> RegisterAsync(InstanceRegistration registration, CancellationToken cancellationToken)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var entry = ToWorkloadEntry(registration, id);
        var (revision, _) = await store.CommitAsync([new StoreOperation.Put(entry)], null, cancellationToken).ConfigureAwait(false);
        _leases[id] = new Lease(entry.Key, Expiry(), entry.Spec.ServiceAccount!);
        LogRegistered(logger, registration.Service, registration.Namespace, registration.Address, id);
        var stored = store.Get(entry.Key)!;
        return new RegistrationResponse(id, (int)options.LeaseTtl.TotalSeconds, revision, stored.Json);
    }

    /// <summary>Renews a lease; false when the instance is unknown (expired or deregistered): it must register again.</summary>
    public bool Heartbeat(string id)
    {
        while (_leases.TryGetValue(id, out var lease))
        {
            if (_leases.TryUpdate(id, lease with { ExpiresAt = Expiry() }, lease))
            {
                return true;
            }
        }

        return false;
    }

    public async Task<bool> DeregisterAsync(string id, CancellationToken cancellationToken)
    {
        if (!_leases.TryRemove(id, out var lease))
        {
            return false;
        }

        try
        {
            await store.CommitAsync([new StoreOperation.Delete(lease.Key)], null, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // Still in the store (disk full): keep its lease, or nothing would ever remove the entry.
            _leases.TryAdd(id, lease);
            throw;
        }

        LogDeregistered(logger, lease.Key.Name, id);
        return true;
    }

    /// <summary>Removes every instance whose lease has run out, in one commit; watchers see DELETED events.</summary>
    public async Task<int> ExpireAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetTimestamp();
        var expired = new List<StoreOperation>();
        foreach (var (id, lease) in _leases)
        {
            if (lease.ExpiresAt <= now && _leases.TryRemove(new KeyValuePair<string, Lease>(id, lease)))
            {
                expired.Add(new StoreOperation.Delete(lease.Key));
                LogExpired(logger, lease.Key.Name, id);
            }
        }

        if (expired.Count > 0)
        {
            try
            {
                await store.CommitAsync(expired, null, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // Not removed from the store: keep them due, so the next tick tries again.
                foreach (var operation in expired)
                {
                    var key = ((StoreOperation.Delete)operation).Key;
                    if (store.Get(key) is { } stored && InstanceId(stored.Resource) is { } id)
                    {
                        _leases.TryAdd(id, new Lease(key, now, ServiceAccountOf(stored.Resource)));
                    }
                }

                throw;
            }
        }

        return expired.Count;
    }

    internal static string? InstanceId(MeshResource resource) =>
        resource.Metadata.Annotations?.GetValueOrDefault(InstanceIdAnnotation);

    private long Expiry() => _time.GetTimestamp() + (long)(options.LeaseTtl.TotalSeconds * _time.TimestampFrequency);

    private static string ServiceAccountOf(MeshResource resource) =>
        resource is WorkloadEntry { Spec.ServiceAccount: { } sa } ? sa : resource.Metadata.Labels?.GetValueOrDefault("app") ?? "";

    /// <summary>The WorkloadEntry a registration becomes; <see cref="RegistrationValidator"/> reads it back to check it.</summary>
    internal static WorkloadEntry ToWorkloadEntry(InstanceRegistration registration, string id)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in registration.Labels ?? new Dictionary<string, string>())
        {
            labels[key] = value;
        }

        // JSON may carry nulls where the contract says required: the validator reports them, reading this entry.
        var service = registration.Service ?? "";
        labels["app"] = service;
        if (!string.IsNullOrEmpty(registration.Version))
        {
            labels["version"] = registration.Version;
        }

        return new WorkloadEntry
        {
            ApiVersion = ResourceKinds.WorkloadEntry.PreferredApiVersion,
            Metadata = new ObjectMeta
            {
                Name = service + "-" + id[..10],
                Namespace = registration.Namespace,
                Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal),
                Annotations = new Dictionary<string, string>(StringComparer.Ordinal) { [InstanceIdAnnotation] = id },
            },
            Spec = new WorkloadEntrySpec
            {
                Address = registration.Address,
                Ports = new Dictionary<string, int>(registration.Ports ?? new Dictionary<string, int>(), StringComparer.Ordinal),
                Labels = labels,
                Locality = registration.Locality,
                ServiceAccount = registration.ServiceAccount ?? service,
            },
        };
    }

    /// <summary>A live instance's lease, with the identity it registered as.</summary>
    private readonly record struct Lease(ResourceKey Key, long ExpiresAt, string ServiceAccount);

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Registered {Service}.{Namespace} at {Address} as instance {InstanceId}")]
    private static partial void LogRegistered(ILogger logger, string service, string @namespace, string address, string instanceId);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Deregistered {Name} (instance {InstanceId})")]
    private static partial void LogDeregistered(ILogger logger, string name, string instanceId);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "Lease of {Name} (instance {InstanceId}) expired; removed")]
    private static partial void LogExpired(ILogger logger, string name, string instanceId);
}
