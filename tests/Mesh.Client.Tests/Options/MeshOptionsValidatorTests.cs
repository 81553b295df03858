using Mesh.Testing;

namespace Mesh.Client.Tests.Options;

public sealed class MeshOptionsValidatorTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Validate_EmbeddedModeWithExistingPolicyFile_Succeeds()
    {
        var options = Valid();

        var result = Validate(options);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_ControlPlaneWithJoinToken_Succeeds()
    {
        var options = new MeshOptions { ServiceName = "reviews", JoinToken = "secret" };
        options.ControlPlane.Add("http://127.0.0.1:15010");
        options.ControlPlane.Add("https://mesh.example.com");

        Assert.True(Validate(options).Succeeded);
    }

    [Fact]
    public void Validate_PolicyDirectory_Succeeds()
    {
        var options = new MeshOptions { ServiceName = "reviews" };
        options.PolicyFiles.Add(_directory.Path);

        Assert.True(Validate(options).Succeeded);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Validate_MissingServiceName_SaysWhereToSetIt(string? name)
    {
        var options = Valid();
        options.ServiceName = name;

        var failure = Assert.Single(Validate(options).Failures!);

        Assert.Contains("Mesh:ServiceName is required", failure, StringComparison.Ordinal);
        Assert.Contains("MESH_SERVICE", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Reviews")]
    [InlineData("reviews_v1")]
    [InlineData("-reviews")]
    [InlineData("reviews.default")]
    public void Validate_ServiceNameNotADnsLabel_IsReported(string name)
    {
        var options = Valid();
        options.ServiceName = name;

        var failure = Assert.Single(Validate(options).Failures!);

        Assert.Contains($"Mesh:ServiceName \"{name}\" must be a DNS label", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Prod")]
    [InlineData("team_a")]
    [InlineData("")]
    [InlineData("ns-")]
    public void Validate_BadNamespace_IsReportedWithTheRule(string ns)
    {
        var options = Valid();
        options.Namespace = ns;

        var failure = Assert.Single(Validate(options).Failures!);

        Assert.Contains($"Mesh:Namespace \"{ns}\"", failure, StringComparison.Ordinal);
        Assert.Contains("lower-case letters, digits and '-'", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NamespaceOf64Characters_IsReported()
    {
        var options = Valid();
        options.Namespace = new string('a', 64);

        Assert.False(Validate(options).Succeeded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Istio-System")]
    public void Validate_BadRootNamespace_IsReported(string root)
    {
        var options = Valid();
        options.RootNamespace = root;

        var failure = Assert.Single(Validate(options).Failures!);

        Assert.Contains($"Mesh:RootNamespace \"{root}\" must be a DNS label", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadServiceAccount_IsReported()
    {
        var options = Valid();
        options.ServiceAccount = "Reviews SA";

        Assert.Contains("Mesh:ServiceAccount \"Reviews SA\" must be a DNS label", Assert.Single(Validate(options).Failures!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("cluster.local/ns")]
    public void Validate_BadTrustDomain_IsReported(string domain)
    {
        var options = Valid();
        options.TrustDomain = domain;

        Assert.Contains($"Mesh:TrustDomain \"{domain}\" must be a domain name", Assert.Single(Validate(options).Failures!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:15010")]
    [InlineData("ftp://127.0.0.1:15010")]
    [InlineData("not a url")]
    [InlineData("/relative/path")]
    public void Validate_BadControlPlaneUrl_IsReportedWithAnExample(string url)
    {
        var options = new MeshOptions { ServiceName = "reviews", JoinToken = "secret" };
        options.ControlPlane.Add(url);

        var failure = Assert.Single(Validate(options).Failures!);

        Assert.Contains($"Mesh:ControlPlane \"{url}\" is not an http:// or https:// URL", failure, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:15010", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Validate_ControlPlaneWithoutJoinToken_SaysWhereToFindIt(string? token)
    {
        var options = new MeshOptions { ServiceName = "reviews", JoinToken = token };
        options.ControlPlane.Add("http://127.0.0.1:15010");

        var failure = Assert.Single(Validate(options).Failures!);

        Assert.Contains("Mesh:JoinToken is required", failure, StringComparison.Ordinal);
        Assert.Contains("join.token", failure, StringComparison.Ordinal);
        Assert.Contains("MESH_JOIN_TOKEN", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoPolicySource_NamesBothChoices()
    {
        var options = new MeshOptions { ServiceName = "reviews" };

        var failure = Assert.Single(Validate(options).Failures!);

        Assert.Contains("Mesh needs a policy source", failure, StringComparison.Ordinal);
        Assert.Contains("Mesh:ControlPlane", failure, StringComparison.Ordinal);
        Assert.Contains("Mesh:PolicyFiles", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingPolicyFile_ShowsTheFullPath()
    {
        var missing = _directory.File("missing.yaml");
        var options = new MeshOptions { ServiceName = "reviews" };
        options.PolicyFiles.Add(missing);

        var failure = Assert.Single(Validate(options).Failures!);

        Assert.Contains($"Mesh:PolicyFiles \"{missing}\" does not exist", failure, StringComparison.Ordinal);
        Assert.Contains(Path.GetFullPath(missing), failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NegativeInitialSyncTimeout_IsReported()
    {
        var options = Valid();
        options.InitialSyncTimeout = TimeSpan.FromSeconds(-1);

        Assert.Contains("Mesh:InitialSyncTimeout must not be negative", Assert.Single(Validate(options).Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ManyProblems_ReportsEveryOneAtOnce()
    {
        var options = new MeshOptions { ServiceName = null, Namespace = "Bad_NS", JoinToken = null };
        options.ControlPlane.Add("localhost:15010");
        options.PolicyFiles.Add(_directory.File("nope.yaml"));

        var result = Validate(options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Equal(5, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("Mesh:ServiceName is required", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Mesh:Namespace \"Bad_NS\"", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Mesh:ControlPlane \"localhost:15010\"", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Mesh:JoinToken is required", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Mesh:PolicyFiles", StringComparison.Ordinal));
        Assert.All(failures, f => Assert.Contains(f, result.FailureMessage, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ControlPlaneAndMissingPolicyFile_DoesNotAskForAPolicySource()
    {
        var options = new MeshOptions { ServiceName = "reviews", JoinToken = "t" };
        options.ControlPlane.Add("http://127.0.0.1:15010");
        options.PolicyFiles.Add(_directory.File("absent.yaml"));

        var failure = Assert.Single(Validate(options).Failures!);

        Assert.StartsWith("Mesh:PolicyFiles", failure, StringComparison.Ordinal);
    }

    private MeshOptions Valid()
    {
        var file = _directory.File("mesh.yaml");
        File.WriteAllText(file, "# policy\n");
        var options = new MeshOptions { ServiceName = "reviews" };
        options.PolicyFiles.Add(file);
        return options;
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(MeshOptions options) =>
        new MeshOptionsValidator().Validate(Microsoft.Extensions.Options.Options.DefaultName, options);
}
