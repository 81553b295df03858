using Mesh.Policy.Api;
using Mesh.Policy.Parsing;
using Mesh.Policy.Resources;
using Mesh.Policy.Validation;
using Mesh.Server.Storage;

namespace Mesh.Server.Resources;

/// <summary>
/// Apply and delete: parse and validate the whole input, then commit it as one revision (all or nothing). A commit
/// that races another writer is retried on the new state, so "created" / "configured" / "unchanged" are exact.
/// </summary>
internal sealed partial class ResourceService(IResourceStore store, ILogger<ResourceService> logger) : IDisposable
{
    private const int MaxAttempts = 5;

    // Writers in this process take turns, so optimistic conflicts only come from other replicas of a shared store.
    private readonly SemaphoreSlim _writers = new(1, 1);

    /// <summary>The outcome: a response, or the diagnostics that rejected the input.</summary>
    public sealed record Outcome(ApplyResponse? Response, IReadOnlyList<PolicyDiagnostic> Errors, string? Message, int Status = StatusCodes.Status400BadRequest);

    public async Task<Outcome> ApplyAsync(string text, bool dryRun, string? defaultNamespace, CancellationToken cancellationToken)
    {
        await _writers.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ApplyLockedAsync(text, dryRun, defaultNamespace, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreConflictException)
        {
            return new Outcome(null, [], "the store kept changing under this apply (other writers); try again", StatusCodes.Status409Conflict);
        }
        finally
        {
            _writers.Release();
        }
    }

    private async Task<Outcome> ApplyLockedAsync(string text, bool dryRun, string? defaultNamespace, CancellationToken cancellationToken)
    {
        var parsed = PolicyParser.Parse(text, null, new PolicyParseOptions { DefaultNamespace = defaultNamespace ?? ResourceKey.DefaultNamespace });
        if (parsed.HasErrors)
        {
            return Reject(parsed.Diagnostics, "nothing was applied");
        }

        if (parsed.Resources.Count == 0)
        {
            return new Outcome(null, [], "the input holds no resources");
        }

        for (var attempt = 1; ; attempt++)
        {
            var revision = store.Revision;
            var warnings = Warnings(parsed);
            var operations = new List<StoreOperation>(parsed.Resources.Count);
            var actions = new List<(MeshResource Resource, string Action)>(parsed.Resources.Count);
            foreach (var resource in parsed.Resources)
            {
                operations.Add(new StoreOperation.Put(resource));
                actions.Add((resource, store.Get(resource.Key) is null ? "created" : "configured"));
            }

            if (dryRun)
            {
                var dryChanges = actions.Select(a => new ResourceChange(a.Resource.Kind, a.Resource.Key.Namespace, a.Resource.Key.Name, a.Action, null)).ToList();
                return new Outcome(new ApplyResponse(revision, true, dryChanges, warnings), [], null);
            }

            try
            {
                var (newRevision, changes) = await store.CommitAsync(operations, revision, cancellationToken).ConfigureAwait(false);
                var changed = changes.ToDictionary(c => c.Resource.Key);
                var result = new List<ResourceChange>(actions.Count);
                foreach (var (resource, action) in actions)
                {
                    var key = resource.Key;
                    result.Add(changed.TryGetValue(key, out var change)
                        ? new ResourceChange(key.Kind, key.Namespace, key.Name, action, change.Resource.Resource.Metadata.ResourceVersion)
                        : new ResourceChange(key.Kind, key.Namespace, key.Name, "unchanged", store.Get(key)?.Resource.Metadata.ResourceVersion));
                }

                LogApplied(logger, changes.Count, parsed.Resources.Count, newRevision);
                return new Outcome(new ApplyResponse(newRevision, false, result, warnings), [], null);
            }
            catch (StoreConflictException) when (attempt < MaxAttempts)
            {
                // Another writer committed between our read and our write: plan again on the new state.
                parsed = PolicyParser.Parse(text, null, new PolicyParseOptions { DefaultNamespace = defaultNamespace ?? ResourceKey.DefaultNamespace });
            }
        }
    }

    public void Dispose() => _writers.Dispose();

    public async Task<Outcome> DeleteAsync(IReadOnlyList<ResourceKey> keys, bool dryRun, CancellationToken cancellationToken)
    {
        var revision = store.Revision;
        var result = new List<ResourceChange>(keys.Count);
        foreach (var key in keys)
        {
            result.Add(new ResourceChange(key.Kind, key.Namespace, key.Name, store.Get(key) is null ? "not-found" : "deleted", null));
        }

        if (dryRun)
        {
            return new Outcome(new ApplyResponse(revision, true, result, []), [], null);
        }

        var (newRevision, changes) = await store.CommitAsync(keys.Select(k => (StoreOperation)new StoreOperation.Delete(k)).ToList(), null, cancellationToken).ConfigureAwait(false);
        var deleted = changes.Select(c => c.Resource.Key).ToHashSet();
        for (var i = 0; i < result.Count; i++)
        {
            var key = keys[i];
            result[i] = result[i] with { Action = deleted.Contains(key) ? "deleted" : "not-found" };
        }

        LogDeleted(logger, changes.Count, newRevision);
        return new Outcome(new ApplyResponse(newRevision, false, result, []), [], null);
    }

    /// <summary>Reads the resources named in a document (as for <c>meshctl delete -f</c>); only identity matters.</summary>
    public static Outcome ParseKeys(string text, string? defaultNamespace, out List<ResourceKey> keys)
    {
        keys = [];
        var parsed = PolicyParser.Parse(text, null, new PolicyParseOptions { DefaultNamespace = defaultNamespace ?? ResourceKey.DefaultNamespace });
        if (parsed.HasErrors)
        {
            return Reject(parsed.Diagnostics, "nothing was deleted");
        }

        keys.AddRange(parsed.Resources.Select(r => r.Key));
        return new Outcome(null, [], null);
    }

    private List<PolicyDiagnostic> Warnings(PolicyParseResult parsed)
    {
        // Analyze the state as it would be after the apply: stored resources overlaid with the new ones.
        var incoming = parsed.Resources.ToDictionary(r => r.Key);
        var combined = new List<MeshResource>(parsed.Resources);
        foreach (var stored in store.List(null, null).Items)
        {
            if (!incoming.ContainsKey(stored.Key))
            {
                combined.Add(stored.Resource);
            }
        }

        var warnings = new List<PolicyDiagnostic>(parsed.Warnings);
        foreach (var warning in PolicyAnalyzer.Analyze(combined))
        {
            // Report only what concerns the resources being applied; older problems are not this apply's news.
            if (incoming.ContainsKey(new ResourceKey(warning.Kind ?? "", warning.Namespace ?? "", warning.Name ?? "")))
            {
                warnings.Add(warning);
            }
        }

        return warnings;
    }

    private static Outcome Reject(IReadOnlyList<PolicyDiagnostic> diagnostics, string what)
    {
        var (errors, _) = PolicyDiagnostic.Count(diagnostics);
        return new Outcome(null, diagnostics, $"{errors} error{(errors == 1 ? "" : "s")} in the input; {what}");
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Applied {Changed} of {Total} resources at revision {Revision}")]
    private static partial void LogApplied(ILogger logger, int changed, int total, long revision);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Deleted {Count} resources at revision {Revision}")]
    private static partial void LogDeleted(ILogger logger, int count, long revision);
}
