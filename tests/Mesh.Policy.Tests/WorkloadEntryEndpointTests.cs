using Mesh.Policy.Api;
using Mesh.Policy.Resources.Networking;
using static Mesh.Policy.Tests.PolicyAssert;

namespace Mesh.Policy.Tests;

/// <summary>Where a WorkloadEntry says its endpoint is: the rule that registrations share with applied resources.</summary>
public class WorkloadEntryEndpointTests
{
    private static string Entry(string spec) => TestYaml.Resource("networking.istio.io/v1", "WorkloadEntry", spec);

    [Theory]
    [InlineData("999.1.1.1")]
    [InlineData("\"1\"")]
    [InlineData("127.1")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("10.0.0.256")]
    public void Parse_AddressThatIsNeitherIpNorHostName_Refused(string address) =>
        Refused(Entry($"address: {address}\nports: {{http: 9080}}"), "spec.address", "is not an IP address");

    [Theory]
    [InlineData("10.0.0.7")]
    [InlineData("fd00::7")]
    [InlineData("Reviews.Internal")]
    [InlineData("a1.b2.example")]
    public void Parse_IpOrHostName_Accepted(string address) =>
        Assert.Equal(address, ParseSingle<WorkloadEntry>(Entry($"address: \"{address}\"\nports: {{http: 9080}}")).Spec.Address);

    [Fact]
    public void Parse_PortNameNotADnsLabel_Refused() =>
        Refused(Entry("address: 10.0.0.7\nports: {HTTP_1: 9080}"), "spec.ports.HTTP_1", "not a valid port name");

    [Theory]
    [InlineData("eu-west-1/eu-west-1a/rack/extra")]
    [InlineData("eu-west-1//rack")]
    [InlineData("eu west")]
    public void Parse_LocalityNotRegionZoneSubzone_Refused(string locality) =>
        Refused(Entry($"address: 10.0.0.7\nlocality: \"{locality}\""), "spec.locality", "is not a locality");

    [Fact]
    public void TryRead_ResourceWithAFieldThisVersionDoesNotKnow_NamesItAndWhy()
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse("""
            {"apiVersion": "networking.istio.io/v1", "kind": "WorkloadEntry",
             "metadata": {"name": "reviews-1", "namespace": "bookinfo"},
             "spec": {"address": "10.0.0.7", "newerField": true}}
            """)!.AsObject();

        Assert.False(ResourceJson.TryRead(node, out _, out var unreadable));

        Assert.Equal("WorkloadEntry bookinfo/reviews-1", unreadable.ToString());
        Assert.Contains("spec.newerField", unreadable.Reason, StringComparison.Ordinal);
    }
}
