using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Client.Tests.Options;

public class MeshEnvironmentTests
{
    [Fact]
    public void Apply_EveryVariable_SetsItsOption()
    {
        var options = new MeshOptions();

        MeshEnvironment.Apply(options, Environment(new()
        {
            ["MESH_SERVICE"] = "reviews",
            ["MESH_NAMESPACE"] = "bookinfo",
            ["MESH_SERVICE_ACCOUNT"] = "bookinfo-reviews",
            ["MESH_VERSION"] = "v2",
            ["MESH_LOCALITY"] = "eu-west/zone-a",
            ["MESH_JOIN_TOKEN"] = "s3cret",
            ["MESH_ADVERTISE_ADDRESS"] = "10.1.2.3",
            ["MESH_CONTROL_PLANE"] = "http://10.0.0.1:15010",
            ["MESH_POLICY_FILES"] = "/etc/mesh/policy.yaml",
            ["MESH_TOPOLOGY_REPORT_INTERVAL"] = "2.5",
            ["MESH_TRUST_DOMAIN"] = "example.org",
            ["MESH_ROOT_NAMESPACE"] = "mesh-root",
        }));

        Assert.Equal("reviews", options.ServiceName);
        Assert.Equal("bookinfo", options.Namespace);
        Assert.Equal("bookinfo-reviews", options.ServiceAccount);
        Assert.Equal("v2", options.Version);
        Assert.Equal("eu-west/zone-a", options.Locality);
        Assert.Equal("s3cret", options.JoinToken);
        Assert.Equal("10.1.2.3", options.AdvertiseAddress);
        Assert.Equal(["http://10.0.0.1:15010"], options.ControlPlane);
        Assert.Equal(["/etc/mesh/policy.yaml"], options.PolicyFiles);
        Assert.Equal(TimeSpan.FromSeconds(2.5), options.TopologyReportInterval);
        Assert.Equal("example.org", options.TrustDomain);
        Assert.Equal("mesh-root", options.RootNamespace);
    }

    [Fact]
    public void Apply_TopologyIntervalNotANumber_SaysWhatItMustBe()
    {
        var error = Assert.Throws<MeshConfigurationException>(() => MeshEnvironment.Apply(new MeshOptions(), Environment(new() { ["MESH_TOPOLOGY_REPORT_INTERVAL"] = "5s" })));

        Assert.Contains("MESH_TOPOLOGY_REPORT_INTERVAL must be a number of seconds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_CommaSeparatedLists_AreSplitAndTrimmed()
    {
        var options = new MeshOptions();

        MeshEnvironment.Apply(options, Environment(new()
        {
            ["MESH_CONTROL_PLANE"] = " http://a:15010 , http://b:15010,,",
            ["MESH_POLICY_FILES"] = "one.yaml,two.yaml",
        }));

        Assert.Equal(["http://a:15010", "http://b:15010"], options.ControlPlane);
        Assert.Equal(["one.yaml", "two.yaml"], options.PolicyFiles);
    }

    [Fact]
    public void Apply_ListVariable_ReplacesConfiguredEntries()
    {
        var options = new MeshOptions();
        options.ControlPlane.Add("http://from-config:15010");
        options.PolicyFiles.Add("from-config.yaml");

        MeshEnvironment.Apply(options, Environment(new() { ["MESH_CONTROL_PLANE"] = "http://from-env:15010" }));

        Assert.Equal(["http://from-env:15010"], options.ControlPlane);
        Assert.Equal(["from-config.yaml"], options.PolicyFiles); // not set in the environment: kept
    }

    [Fact]
    public void Apply_NoVariables_KeepsConfiguredValuesAndDefaults()
    {
        var options = new MeshOptions { ServiceName = "ratings", JoinToken = "cfg" };

        MeshEnvironment.Apply(options, _ => null);

        Assert.Equal("ratings", options.ServiceName);
        Assert.Equal("default", options.Namespace);
        Assert.Equal("127.0.0.1", options.AdvertiseAddress);
        Assert.Equal("cfg", options.JoinToken);
        Assert.Empty(options.ControlPlane);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Apply_BlankVariable_IsIgnored(string blank)
    {
        var options = new MeshOptions { ServiceName = "ratings", Namespace = "prod" };
        options.ControlPlane.Add("http://cfg:15010");

        MeshEnvironment.Apply(options, Environment(new() { ["MESH_SERVICE"] = blank, ["MESH_NAMESPACE"] = blank, ["MESH_CONTROL_PLANE"] = blank }));

        Assert.Equal("ratings", options.ServiceName);
        Assert.Equal("prod", options.Namespace);
        Assert.Equal(["http://cfg:15010"], options.ControlPlane);
    }

    [Fact]
    public void Apply_ValueWithSurroundingSpaces_IsTrimmed()
    {
        var options = new MeshOptions();

        MeshEnvironment.Apply(options, Environment(new() { ["MESH_SERVICE"] = "  reviews \n" }));

        Assert.Equal("reviews", options.ServiceName);
    }

    [Fact]
    public void Apply_OnlyMeshVariables_AreRead()
    {
        var asked = new List<string>();
        var options = new MeshOptions();

        MeshEnvironment.Apply(options, name =>
        {
            asked.Add(name);
            return null;
        });

        Assert.NotEmpty(asked);
        Assert.All(asked, name => Assert.StartsWith("MESH_", name, StringComparison.Ordinal));
    }

    [Fact]
    public void AddMesh_XmlDoc_NamesEveryVariableTheEnvironmentIsAskedFor()
    {
        var asked = new List<string>();
        MeshEnvironment.Apply(new MeshOptions(), name =>
        {
            asked.Add(name);
            return null;
        });

        // The documentation file the build writes beside Mesh.Client.dll (GenerateDocumentationFile): what users see.
        var xmlPath = Path.ChangeExtension(typeof(MeshOptions).Assembly.Location, ".xml");
        var doc = System.Xml.Linq.XDocument.Load(xmlPath);
        var summary = Assert.Single(
            doc.Descendants("member"),
            m => m.Attribute("name")?.Value == "M:Microsoft.Extensions.DependencyInjection.MeshServiceCollectionExtensions.AddMesh(Microsoft.Extensions.DependencyInjection.IServiceCollection)");
        var named = summary.Descendants("c").Select(c => c.Value).Where(v => v.StartsWith("MESH_", StringComparison.Ordinal)).ToHashSet();

        Assert.True(asked.Count >= 16, $"MeshEnvironment asked for only {asked.Count} variables: the recording is broken");
        Assert.Equal([], asked.Except(named));
    }

    [Fact]
    public void DataPlaneDoc_OptionsTable_NamesEveryVariableTheEnvironmentIsAskedFor()
    {
        var asked = new List<string>();
        MeshEnvironment.Apply(new MeshOptions(), name =>
        {
            asked.Add(name);
            return null;
        });
        string? root = null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null && root is null; dir = dir.Parent)
        {
            root = File.Exists(Path.Combine(dir.FullName, "Mesh.sln")) ? dir.FullName : null;
        }

        var doc = File.ReadAllText(Path.Combine(root ?? throw new DirectoryNotFoundException("Mesh.sln"), "docs", "data-plane.md"));

        Assert.Equal([], asked.Where(name => !doc.Contains("| `" + name + "`", StringComparison.Ordinal)));
    }

    [Fact]
    public void Apply_VersionFromEnvironment_ShowsInEffectiveLabels()
    {
        var options = new MeshOptions();

        MeshEnvironment.Apply(options, Environment(new() { ["MESH_SERVICE"] = "reviews", ["MESH_VERSION"] = "v3" }));

        Assert.Equal("reviews", options.EffectiveLabels["app"]);
        Assert.Equal("v3", options.EffectiveLabels["version"]);
        Assert.Equal("reviews", options.EffectiveServiceAccount);
    }

    private static Func<string, string?> Environment(Dictionary<string, string> variables) =>
        name => variables.GetValueOrDefault(name);
}
