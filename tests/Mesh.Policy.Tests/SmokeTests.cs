using Mesh.Policy.Parsing;
using Mesh.Policy.Serialization;
using Mesh.Testing;

namespace Mesh.Policy.Tests;

public class SmokeTests
{
    [Fact]
    public void Bookinfo_DestinationRuleAll_Parses()
    {
        var text = File.ReadAllText(Conformance.File("istio/samples/bookinfo/networking/destination-rule-all.yaml"));
        var result = PolicyParser.Parse(text, "destination-rule-all.yaml");
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Equal(4, result.Resources.Count);
        Console.WriteLine(PolicySerializer.ToYaml(result.Resources));
    }
}
