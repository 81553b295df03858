using System.Security.Cryptography;

namespace BookInfo.Reviews;

/// <summary>
/// What sets the three versions of reviews apart, as the environment of Istio's deployments does: v1 shows no
/// stars; v2 asks ratings and shows black stars; v3 asks ratings and shows red stars.
/// </summary>
/// <param name="Version">v1, v2 or v3.</param>
/// <param name="RatingsEnabled">Whether this version asks ratings (ENABLE_RATINGS in Istio).</param>
/// <param name="StarColor">The stars' colour (STAR_COLOR).</param>
/// <param name="RatingsTimeout">How long it waits for ratings.</param>
/// <param name="PodName">Who answered, shown under the reviews ("Reviews served by").</param>
/// <param name="ClusterName">CLUSTER_NAME, as in Istio; null when unset.</param>
internal sealed record ReviewsSettings(string Version, bool RatingsEnabled, string StarColor, TimeSpan RatingsTimeout, string PodName, string? ClusterName)
{
    /// <summary>The settings of <paramref name="version"/>.</summary>
    public static ReviewsSettings For(string version)
    {
        // A pod-like name (reviews-v2-k4x9q), so that "Reviews served by" tells instances apart as on Kubernetes.
        var podName = "reviews-" + version + "-" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 5);
        var cluster = Environment.GetEnvironmentVariable("CLUSTER_NAME");

        // The timeouts are Istio's, bug included: v2 waits up to 10 s for ratings, longer than productpage waits
        // for reviews (3 s, twice), so a slow ratings service takes the whole reviews block down. v3's 2.5 s is the
        // fix that Istio's fault-injection lesson leads to: the reviews still show, without their stars.
        return version switch
        {
            "v1" => new(version, false, "black", TimeSpan.Zero, podName, cluster),
            "v2" => new(version, true, "black", TimeSpan.FromSeconds(10), podName, cluster),
            "v3" => new(version, true, "red", TimeSpan.FromSeconds(2.5), podName, cluster),
            _ => throw new ArgumentOutOfRangeException(nameof(version), version, "reviews has versions v1, v2 and v3"),
        };
    }
}
