using System.Text.Json;
using Mesh.Policy.Api;
using Mesh.Policy.Serialization;
using Mesh.Server.Auth;
using Mesh.Server.Http;
using Mesh.Server.Registry;

namespace Mesh.Server.Topology;

/// <summary>
/// Clients post their traffic deltas (join token); the dashboard reads the live graph and service pages (open on
/// loopback, else a token: <see cref="LocalReadAccess"/>).
/// </summary>
internal static class TopologyEndpoints
{
    public static void MapTopologyEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(ApiRoutes.TopologyReports, ReportAsync).RequireToken(TokenRole.Join);
        app.MapGet(ApiRoutes.Topology, (TopologyGraph graph) => ApiResults.Ok(graph.Build())).RequireLocalOrToken(TokenRole.Join);
        app.MapGet(ApiRoutes.Services + "/{namespace}/{name}", Service).RequireLocalOrToken(TokenRole.Join);
    }

    private static async Task<IResult> ReportAsync(HttpContext context, HttpRequest request, TopologyAggregator aggregator, InstanceRegistry registry, CancellationToken cancellationToken)
    {
        TopologyReport? report;
        try
        {
            report = await JsonSerializer.DeserializeAsync<TopologyReport>(request.Body, PolicySerializer.Options, cancellationToken);
        }
        catch (JsonException ex)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "the topology report is not valid JSON: " + ex.Message);
        }

        if (report is null)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "the topology report is empty");
        }

        var problems = ReportValidator.Validate(report);
        if (problems.Count > 0)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "invalid topology report: " + string.Join("; ", problems));
        }

        // A bound join token registers only its own identities; without this it could still draw another namespace's
        // edges or list ejections on another service's page by naming that source in its report.
        if (TokenAuthFilter.GrantOf(context).Scope is { } scope && OutOfScope(report.Source, scope, registry) is { } refusal)
        {
            return ApiResults.Error(StatusCodes.Status403Forbidden, refusal);
        }

        aggregator.Ingest(report);
        return ApiResults.Ok(new { accepted = report.Edges.Count });
    }

    /// <summary>Why a bound token may not report as <paramref name="source"/>; null when it may.</summary>
    private static string? OutOfScope(TopologySource source, IdentityScope scope, InstanceRegistry registry)
    {
        if (!string.Equals(source.Namespace, scope.Namespace, StringComparison.Ordinal))
        {
            return $"this join token may not report traffic as namespace {source.Namespace}: it is bound to {scope.Describe()}";
        }

        // The report names no service account; the instance it names has one, and it must be the token's.
        if (source.InstanceId is { } id && registry.IdentityOf(id) is { } identity && !scope.Allows(identity.Namespace, identity.ServiceAccount))
        {
            return $"this join token may not report for instance {id}: it runs as namespace {identity.Namespace}, service account {identity.ServiceAccount}, and the token is bound to {scope.Describe()}";
        }

        return null;
    }

    private static IResult Service(string @namespace, string name, ServiceDetails details) =>
        details.Build(@namespace, name) is { } view
            ? ApiResults.Ok(view)
            : ApiResults.Error(StatusCodes.Status404NotFound, $"no service {name} in namespace {@namespace}: no instances, traffic or policy name it");
}
