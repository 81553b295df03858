using Mesh.Testing;

namespace Mesh.BookInfo.Tests.Infrastructure;

/// <summary>Policy files: Istio's own (from the shared conformance copy) and the sample's (samples/BookInfo/networking).</summary>
internal static class Files
{
    private static readonly Lazy<string> SampleNetworking = new(LocateSampleNetworking);

    public static string DestinationRuleAll => Bookinfo("destination-rule-all.yaml");

    /// <summary>A file of Istio's samples/bookinfo/networking.</summary>
    public static string Bookinfo(string name) => Conformance.File("istio/samples/bookinfo/networking/" + name);

    /// <summary>The sample's networking folder, which users apply from.</summary>
    public static string SampleDirectory => SampleNetworking.Value;

    /// <summary>A file of the sample's networking folder.</summary>
    public static string Sample(string name) => Path.Combine(SampleNetworking.Value, name);

    private static string LocateSampleNetworking()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", "BookInfo", "networking");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("samples/BookInfo/networking was not found above " + AppContext.BaseDirectory);
    }
}
