using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Mesh.Policy.Resources;
using Mesh.Policy.Serialization;

namespace Mesh.Policy.Api;

/// <summary>
/// A typed client of the control server's HTTP API, used by meshctl, by the data plane and by tests.
/// Failures come back as <see cref="ControlPlaneException"/> with the server's message and diagnostics.
/// </summary>
public sealed class ControlPlaneClient
{
    private readonly HttpClient _http;

    /// <summary>Creates a client over <paramref name="http"/>, whose BaseAddress is the server.</summary>
    /// <param name="http">An HttpClient whose <see cref="HttpClient.BaseAddress"/> is the control server.</param>
    /// <param name="token">The admin or join token, sent as a bearer token.</param>
    public ControlPlaneClient(HttpClient http, string? token)
    {
        _http = http;
        if (!string.IsNullOrEmpty(token))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    /// <summary>The server's base address.</summary>
    public Uri? BaseAddress => _http.BaseAddress;

    /// <summary>Applies YAML or JSON, atomically. With <paramref name="dryRun"/>, validates only.</summary>
    public Task<ApplyResponse> ApplyAsync(string content, bool dryRun = false, CancellationToken cancellationToken = default) =>
        SendAsync<ApplyResponse>(HttpMethod.Post, ApiRoutes.Apply + (dryRun ? "?dryRun=true" : ""), Text(content), cancellationToken);

    /// <summary>Deletes the resources named in YAML or JSON, atomically.</summary>
    public Task<ApplyResponse> DeleteAsync(string content, bool dryRun = false, CancellationToken cancellationToken = default) =>
        SendAsync<ApplyResponse>(HttpMethod.Post, ApiRoutes.Delete + (dryRun ? "?dryRun=true" : ""), Text(content), cancellationToken);

    /// <summary>Deletes one resource.</summary>
    public Task<ApplyResponse> DeleteAsync(ResourceKind kind, string @namespace, string name, CancellationToken cancellationToken = default) =>
        SendAsync<ApplyResponse>(HttpMethod.Delete, ResourcePath(kind, @namespace, name), null, cancellationToken);

    /// <summary>Gets one resource, or null when it does not exist.</summary>
    public async Task<MeshResource?> GetAsync(ResourceKind kind, string @namespace, string name, CancellationToken cancellationToken = default)
    {
        try
        {
            var node = await SendAsync<JsonElement>(HttpMethod.Get, ResourcePath(kind, @namespace, name), null, cancellationToken).ConfigureAwait(false);
            return ResourceJson.Read(node.GetRawText());
        }
        catch (ControlPlaneException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Lists resources of <paramref name="kind"/> (all kinds when null) in <paramref name="namespace"/> (all when null).</summary>
    /// <exception cref="FormatException">The list holds a resource this client cannot read (<see cref="ListReadableAsync"/> skips those).</exception>
    public async Task<(long Revision, IReadOnlyList<MeshResource> Items)> ListAsync(ResourceKind? kind, string? @namespace, CancellationToken cancellationToken = default)
    {
        var list = await ListReadableAsync(kind, @namespace, cancellationToken).ConfigureAwait(false);
        if (list.Unreadable.Count > 0)
        {
            throw new FormatException("the control server sent resources this client cannot read: " + string.Join("; ", list.Unreadable.Select(u => $"{u}: {u.Reason}")));
        }

        return (list.Revision, list.Items);
    }

    /// <summary>
    /// Lists resources as <see cref="ListAsync"/> does, but sets aside those this client cannot read (written through a
    /// newer server, say) instead of failing, so that one of them cannot keep the others from a data plane.
    /// </summary>
    /// <returns>The revision, the resources read, and the ones that could not be, each with why.</returns>
    public async Task<(long Revision, IReadOnlyList<MeshResource> Items, IReadOnlyList<UnreadableResource> Unreadable)> ListReadableAsync(ResourceKind? kind, string? @namespace, CancellationToken cancellationToken = default)
    {
        var query = new StringBuilder(ApiRoutes.Resources).Append('?');
        if (kind is not null)
        {
            query.Append("kind=").Append(kind.Kind).Append('&');
        }

        if (@namespace is not null)
        {
            query.Append("namespace=").Append(Uri.EscapeDataString(@namespace));
        }

        var list = await SendAsync<ResourceListResponse>(HttpMethod.Get, query.ToString().TrimEnd('&', '?'), null, cancellationToken).ConfigureAwait(false);
        var items = new List<MeshResource>(list.Items.Count);
        var unreadable = new List<UnreadableResource>();
        foreach (var item in list.Items)
        {
            if (ResourceJson.TryRead(item, out var resource, out var problem))
            {
                items.Add(resource);
            }
            else
            {
                unreadable.Add(problem);
            }
        }

        return (list.Revision, items, unreadable);
    }

    /// <summary>Waits (long-poll) for changes after <paramref name="revision"/>, up to <paramref name="timeout"/>.</summary>
    public Task<WatchResponse> WatchAsync(long revision, WatchFilter filter, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var query = new StringBuilder(ApiRoutes.Watch)
            .Append("?revision=").Append(revision.ToString(CultureInfo.InvariantCulture))
            .Append("&timeoutSeconds=").Append(((int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        Append(query, "kinds", filter.Kinds);
        Append(query, "namespaces", filter.Namespaces);
        Append(query, "hosts", filter.Hosts);
        return SendAsync<WatchResponse>(HttpMethod.Get, query.ToString(), null, cancellationToken);
    }

    /// <summary>Registers an instance; keep it alive with <see cref="HeartbeatAsync"/>.</summary>
    public Task<RegistrationResponse> RegisterAsync(InstanceRegistration registration, CancellationToken cancellationToken = default) =>
        SendAsync<RegistrationResponse>(HttpMethod.Post, ApiRoutes.Instances, JsonContent.Create(registration, options: PolicySerializer.Options), cancellationToken);

    /// <summary>Renews an instance's lease. Returns false when the server no longer knows it (register again).</summary>
    public async Task<bool> HeartbeatAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        try
        {
            await SendAsync<JsonElement>(HttpMethod.Put, ApiRoutes.Instances + "/" + Uri.EscapeDataString(instanceId) + "/heartbeat", null, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ControlPlaneException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>Removes an instance from the registry.</summary>
    public async Task DeregisterAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        try
        {
            await SendAsync<JsonElement>(HttpMethod.Delete, ApiRoutes.Instances + "/" + Uri.EscapeDataString(instanceId), null, cancellationToken).ConfigureAwait(false);
        }
        catch (ControlPlaneException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone: the goal is reached.
        }
    }

    /// <summary>Asks the CA for a workload certificate for the identity that <paramref name="csrPem"/> names.</summary>
    public Task<CertificateResponse> IssueCertificateAsync(string csrPem, CancellationToken cancellationToken = default) =>
        SendAsync<CertificateResponse>(HttpMethod.Post, ApiRoutes.Certificates, JsonContent.Create(new CertificateSigningRequest(csrPem), options: PolicySerializer.Options), cancellationToken);

    /// <summary>The CA's trust domain and trust bundle.</summary>
    public Task<TrustBundleResponse> GetTrustBundleAsync(CancellationToken cancellationToken = default) =>
        SendAsync<TrustBundleResponse>(HttpMethod.Get, ApiRoutes.TrustBundle, null, cancellationToken);

    /// <summary>Creates a join token bound to identities (admin token).</summary>
    public Task<JoinTokenResponse> CreateJoinTokenAsync(JoinTokenRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<JoinTokenResponse>(HttpMethod.Post, ApiRoutes.Tokens, JsonContent.Create(request, options: PolicySerializer.Options), cancellationToken);

    /// <summary>Lists the bound join tokens (admin token); their secrets are not shown.</summary>
    public Task<IReadOnlyList<JoinTokenInfo>> ListJoinTokensAsync(CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<JoinTokenInfo>>(HttpMethod.Get, ApiRoutes.Tokens, null, cancellationToken);

    /// <summary>Revokes a bound join token (admin token). Returns false when there is none with that id.</summary>
    public async Task<bool> RevokeJoinTokenAsync(string id, CancellationToken cancellationToken = default)
    {
        try
        {
            await SendAsync<JsonElement>(HttpMethod.Delete, ApiRoutes.Tokens + "/" + Uri.EscapeDataString(id), null, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ControlPlaneException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>The server's status summary.</summary>
    public Task<StatusResponse> StatusAsync(CancellationToken cancellationToken = default) =>
        SendAsync<StatusResponse>(HttpMethod.Get, ApiRoutes.Status, null, cancellationToken);

    /// <summary>Sends a topology report (live traffic aggregates) from a client instance.</summary>
    public Task ReportTopologyAsync(TopologyReport report, CancellationToken cancellationToken = default) =>
        SendAsync<JsonElement>(HttpMethod.Post, ApiRoutes.TopologyReports, JsonContent.Create(report, options: PolicySerializer.Options), cancellationToken);

    private static string ResourcePath(ResourceKind kind, string @namespace, string name) =>
        $"{ApiRoutes.Resources}/{kind.Plural}/{Uri.EscapeDataString(@namespace)}/{Uri.EscapeDataString(name)}";

    private static StringContent Text(string content) => new(content, Encoding.UTF8, "application/yaml");

    private static void Append(StringBuilder query, string name, IReadOnlyList<string> values)
    {
        if (values.Count > 0)
        {
            query.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(string.Join(',', values)));
        }
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new ControlPlaneException($"cannot reach the control server at {_http.BaseAddress}: {ex.Message}", null, null, ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ControlPlaneException($"the control server at {_http.BaseAddress} did not answer in time", null, null, ex);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                var result = await response.Content.ReadFromJsonAsync<T>(PolicySerializer.Options, cancellationToken).ConfigureAwait(false);
                return result ?? throw new ControlPlaneException("the control server sent an empty answer", response.StatusCode);
            }

            ErrorResponse? error = null;
            try
            {
                error = await response.Content.ReadFromJsonAsync<ErrorResponse>(PolicySerializer.Options, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                // Not our error shape (a proxy, or an old server): fall back to the status line.
            }
            catch (NotSupportedException)
            {
                // No JSON content type at all.
            }

            var message = error?.Message ?? $"{(int)response.StatusCode} {response.ReasonPhrase}";
            // The control server sends Retry-After in seconds; an HTTP date (a proxy's) is not read.
            throw new ControlPlaneException(message, response.StatusCode, error?.Diagnostics) { RetryAfter = response.Headers.RetryAfter?.Delta };
        }
    }
}
