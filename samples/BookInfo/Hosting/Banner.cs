namespace BookInfo.Hosting;

/// <summary>
/// What a BookInfo process prints once it is ready: one line per workload (<c>  reviews v2      URL</c>) and one for
/// the control server, a format that tests and scripts read, then what to try next.
/// </summary>
internal static class Banner
{
    private const string MeshCtl = "dotnet run --project src/Mesh.Cli --";

    public static void AllInOne(TextWriter output, EmbeddedControlPlane controlPlane, IReadOnlyList<RunningService> services, IReadOnlyList<string> virtualServices)
    {
        output.WriteLine();
        output.WriteLine("BookInfo is running on Mesh:");
        foreach (var service in services.OrderBy(static s => s.Workload.PortOffset))
        {
            Line(output, service.Workload.DisplayName, service.SampleUrl);
        }

        ControlPlaneLine(output, controlPlane);
        output.WriteLine();
        var page = services.First(s => s.Workload.Service == "productpage").SampleUrl;
        output.WriteLine(virtualServices.Count == 0
            ? $"Open {page} and reload: reviews answer from v1 (no stars), v2 (black stars) and v3 (red stars)."
            : $"Open {page}: reviews answer as the VirtualServices kept from an earlier run route them (see below).");
        MeshCtlHints(output, virtualServices);
        output.WriteLine("Walkthrough: docs/bookinfo.md. Ctrl+C stops everything.");
        output.Flush();
    }

    public static void Service(TextWriter output, RunningService service, string controlPlane)
    {
        Line(output, service.Workload.DisplayName, service.SampleUrl);
        output.WriteLine($"  (identity {service.Workload.ServiceAccount}, control server {controlPlane}; Ctrl+C stops it)");
        output.Flush();
    }

    public static void ControlPlaneOnly(TextWriter output, EmbeddedControlPlane controlPlane, IReadOnlyList<string> virtualServices)
    {
        output.WriteLine();
        output.WriteLine("Mesh control server for BookInfo, with the version subsets of destination-rule-all.yaml:");
        ControlPlaneLine(output, controlPlane);
        output.WriteLine();
        output.WriteLine("Start each service in its own terminal, from this directory:");
        foreach (var workload in Workloads.Default.OrderBy(static w => w.PortOffset))
        {
            var version = workload.Version == "v1" ? "" : " --version " + workload.Version;
            output.WriteLine($"  dotnet run --project samples/BookInfo -- --service {workload.Service}{version}");
        }

        output.WriteLine("and, for the egress lesson, details v2 (books from www.googleapis.com):");
        output.WriteLine("  dotnet run --project samples/BookInfo -- --service details --version v2 --outbound-traffic-policy REGISTRY_ONLY");

        MeshCtlHints(output, virtualServices);
        output.WriteLine("Ctrl+C stops the control server.");
        output.Flush();
    }

    private static void ControlPlaneLine(TextWriter output, EmbeddedControlPlane controlPlane)
    {
        Line(output, "control server", controlPlane.Address);
        output.WriteLine($"  {"",-15} data and tokens in {controlPlane.DataDirectory}");
    }

    private static void MeshCtlHints(TextWriter output, IReadOnlyList<string> virtualServices)
    {
        if (virtualServices.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"Note: VirtualServices from an earlier run are in force: {string.Join(", ", virtualServices)}.");
            output.WriteLine($"  Remove them with: {MeshCtl} delete vs {string.Join(" ", virtualServices)}");
            output.WriteLine("  (or start afresh: stop BookInfo, remove ./mesh-data, run it again)");
        }

        output.WriteLine();
        output.WriteLine("Route all traffic to v1 with meshctl, from this directory:");
        output.WriteLine($"  {MeshCtl} apply -f samples/BookInfo/networking/virtual-service-all-v1.yaml");
    }

    private static void Line(TextWriter output, string name, string url) => output.WriteLine($"  {name,-15} {url}");
}
