namespace BookInfo.Hosting;

/// <summary>
/// BookInfo's workloads and their fixed ports: the six that run by default (9080 to 9085), and details v2 (9086),
/// Istio's external book service for the egress lesson, which runs only when asked for.
/// </summary>
internal static class Workloads
{
    /// <summary>productpage's port; the others follow it.</summary>
    public const int DefaultBasePort = 9080;

    public static readonly Workload Productpage = new("productpage", "v1", 0);
    public static readonly Workload Details = new("details", "v1", 1);
    public static readonly Workload ReviewsV1 = new("reviews", "v1", 2);
    public static readonly Workload ReviewsV2 = new("reviews", "v2", 3);
    public static readonly Workload ReviewsV3 = new("reviews", "v3", 4);
    public static readonly Workload Ratings = new("ratings", "v1", 5);
    public static readonly Workload DetailsV2 = new("details", "v2", 6);

    /// <summary>The six that run by default, callees first, so that a caller's first requests find the services it calls.</summary>
    public static readonly IReadOnlyList<Workload> Default = [Ratings, Details, ReviewsV1, ReviewsV2, ReviewsV3, Productpage];

    /// <summary>Every workload BookInfo has.</summary>
    public static readonly IReadOnlyList<Workload> All = [.. Default, DetailsV2];

    /// <summary>The service names, in the order the usage text lists them.</summary>
    public static readonly IReadOnlyList<string> Services = ["productpage", "details", "reviews", "ratings"];

    /// <summary>The workload of <paramref name="service"/> at <paramref name="version"/>, if BookInfo has it.</summary>
    public static Workload? Find(string service, string version)
    {
        foreach (var workload in All)
        {
            if (workload.Service == service && workload.Version == version)
            {
                return workload;
            }
        }

        return null;
    }

    /// <summary>The versions of <paramref name="service"/>, for error messages: <c>v1, v2, v3</c>.</summary>
    public static string VersionsOf(string service)
    {
        var versions = new List<string>();
        foreach (var workload in All)
        {
            if (workload.Service == service)
            {
                versions.Add(workload.Version);
            }
        }

        versions.Sort(StringComparer.Ordinal);
        return string.Join(", ", versions);
    }
}
