using Mesh.Policy.Api;

namespace Mesh.Server.Topology;

/// <summary>Checks a topology report before it is counted: bounded sizes, no negative counts, and who sent it.</summary>
internal static class ReportValidator
{
    private const int MaxEdges = 1000;
    private const int MaxEjected = 1000;
    private const int MaxName = 253;
    private const int MaxEndpoint = MaxName + 8; // host:port

    public static List<string> Validate(TopologyReport report)
    {
        var problems = new List<string>();
        var source = report.Source;
        if (source is null || string.IsNullOrWhiteSpace(source.Service) || string.IsNullOrWhiteSpace(source.Namespace) || string.IsNullOrWhiteSpace(source.ReporterId))
        {
            problems.Add("source.service, source.namespace and source.reporterId are required");
        }
        else if (source.Service.Length > MaxName || source.Namespace.Length > MaxName || (source.Version?.Length ?? 0) > MaxName || source.ReporterId.Length > 64)
        {
            problems.Add("source names are too long");
        }

        if (report.IntervalSeconds is < 0 or > 3600 || double.IsNaN(report.IntervalSeconds))
        {
            problems.Add($"intervalSeconds {report.IntervalSeconds} must be between 0 and 3600");
        }

        if (report.Edges is null || report.Ejected is null)
        {
            problems.Add("edges and ejected must be lists (empty when there is nothing to say)");
            return problems;
        }

        if (report.Edges.Count > MaxEdges || report.Ejected.Count > MaxEjected)
        {
            problems.Add($"a report holds at most {MaxEdges} edges and {MaxEjected} ejected endpoints");
            return problems;
        }

        // The server keeps each reporter's ejected list until it expires: its strings are bounded like every other field.
        for (var i = 0; i < report.Ejected.Count; i++)
        {
            var ejected = report.Ejected[i];
            if (ejected is null || string.IsNullOrWhiteSpace(ejected.Host) || ejected.Host.Length > MaxName || (ejected.Subset?.Length ?? 0) > MaxName
                || string.IsNullOrWhiteSpace(ejected.Endpoint) || ejected.Endpoint.Length > MaxEndpoint || double.IsNaN(ejected.RemainingSeconds))
            {
                problems.Add($"ejected[{i}]: host and endpoint are required (host and subset at most {MaxName} characters, endpoint at most {MaxEndpoint}), remainingSeconds a number");
            }
        }

        for (var i = 0; i < report.Edges.Count; i++)
        {
            var edge = report.Edges[i];
            if (edge is null)
            {
                problems.Add($"edges[{i}] is null");
                continue;
            }

            if (string.IsNullOrWhiteSpace(edge.Host) || edge.Host.Length > MaxName || (edge.Version?.Length ?? 0) > MaxName)
            {
                problems.Add($"edges[{i}].host is required (at most {MaxName} characters)");
            }

            if (edge.Requests < 0 || edge.Errors < 0 || edge.Errors > edge.Requests)
            {
                problems.Add($"edges[{i}]: requests and errors must not be negative, and errors at most requests");
            }

            if (edge.LatencyBuckets is null || edge.LatencyBuckets.Count > TopologyBuckets.Count)
            {
                problems.Add($"edges[{i}].latencyBuckets must hold at most {TopologyBuckets.Count} counts");
            }
            else
            {
                foreach (var count in edge.LatencyBuckets)
                {
                    if (count < 0)
                    {
                        problems.Add($"edges[{i}].latencyBuckets must not hold negative counts");
                        break;
                    }
                }
            }
        }

        return problems;
    }
}
