using System.Text.Json;
using Mesh.Policy.Api;
using Mesh.Policy.Serialization;
using Mesh.Server.Auth;
using Mesh.Server.Http;

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

    private static async Task<IResult> ReportAsync(HttpRequest request, TopologyAggregator aggregator, CancellationToken cancellationToken)
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

        aggregator.Ingest(report);
        return ApiResults.Ok(new { accepted = report.Edges.Count });
    }

    private static IResult Service(string @namespace, string name, ServiceDetails details) =>
        details.Build(@namespace, name) is { } view
            ? ApiResults.Ok(view)
            : ApiResults.Error(StatusCodes.Status404NotFound, $"no service {name} in namespace {@namespace}: no instances, traffic or policy name it");
}
