using Mesh.Policy.Resources.Networking;
using static Mesh.Policy.Tests.PolicyAssert;

namespace Mesh.Policy.Tests;

public class ServiceEntryValidationTests
{
    private static string Entry(string spec) => TestYaml.Resource("networking.istio.io/v1", "ServiceEntry", spec, name: "external");

    [Fact]
    public void Parse_StaticServiceEntry_BindsPortsAndEndpoints()
    {
        var se = ParseSingle<ServiceEntry>(Entry("""
            hosts: [ratings.vm.internal]
            ports:
            - {number: 9080, name: http, protocol: HTTP}
            location: MESH_INTERNAL
            resolution: STATIC
            endpoints:
            - address: 10.0.0.7
              ports: {http: 9080}
              labels: {app: ratings, version: v2-mysql-vm}
            """));

        Assert.Equal(ServiceEntryResolution.Static, se.Spec.Resolution);
        Assert.Equal(ServiceEntryLocation.MeshInternal, se.Spec.Location);
        Assert.Equal(9080, se.Spec.Endpoints![0].Ports!["http"]);
        Assert.Equal("v2-mysql-vm", se.Spec.Endpoints[0].Labels!["version"]);
    }

    [Fact]
    public void Parse_StaticWithoutEndpoints_Reported()
    {
        Refused(Entry("hosts: [db.internal]\nresolution: STATIC"), "spec.endpoints", "resolution STATIC needs endpoints with addresses");
    }

    [Fact]
    public void Parse_StaticEndpointWithHostName_Reported()
    {
        Refused(Entry("hosts: [db.internal]\nresolution: STATIC\nendpoints:\n- address: db.example.com"), "spec.endpoints[0].address", "must be an IP address with resolution STATIC");
    }

    [Fact]
    public void Parse_UnknownResolution_ListsValues()
    {
        Refused(Entry("hosts: [db.internal]\nresolution: DYNAMIC"), "spec.resolution", "unknown value \"DYNAMIC\"; expected one of NONE, STATIC, DNS, DNS_ROUND_ROBIN");
    }

    [Theory]
    [InlineData("- {number: 80, name: http, protocol: HTTPX}", "spec.ports[0].protocol", "unknown protocol \"HTTPX\"")]
    [InlineData("- {number: 80, name: a}\n- {number: 80, name: b}", "spec.ports[1].number", "port 80 is listed more than once")]
    [InlineData("- {number: 80, name: http}\n- {number: 81, name: http}", "spec.ports[1].name", "port name \"http\" is used more than once")]
    [InlineData("- {number: 0, name: http}", "spec.ports[0].number", "0 is not a port number")]
    public void Parse_BadPorts_Reported(string ports, string path, string message)
    {
        Refused(Entry("hosts: [api.example.com]\nports:\n" + ports), path, message);
    }

    [Fact]
    public void Parse_EndpointPortNameNotInPorts_Reported()
    {
        Refused(Entry("hosts: [db.internal]\nports:\n- {number: 5432, name: tcp-db, protocol: TCP}\nresolution: STATIC\nendpoints:\n- address: 10.0.0.8\n  ports: {db: 5432}"), "spec.endpoints[0].ports.db", "no port named \"db\" in spec.ports");
    }

    [Fact]
    public void Parse_BadAddress_Reported()
    {
        Refused(Entry("hosts: [db.internal]\naddresses: [\"10.0.0.0/40\"]"), "spec.addresses[0]", "\"10.0.0.0/40\" is not an IP address or CIDR range");
    }

    [Fact]
    public void Parse_WorkloadEntryWithoutAddress_Reported()
    {
        Refused(TestYaml.Resource("networking.istio.io/v1", "WorkloadEntry", "labels: {app: reviews}"), "spec.address", "required field is missing");
    }

    [Fact]
    public void Parse_WorkloadEntry_BindsIdentityAndPorts()
    {
        var we = ParseSingle<WorkloadEntry>(TestYaml.Resource("networking.istio.io/v1", "WorkloadEntry", "address: 10.0.0.9\nports: {http: 9080}\nlabels: {app: reviews, version: v3}\nserviceAccount: bookinfo-reviews\nlocality: eu-west/zone-a"));

        Assert.Equal("bookinfo-reviews", we.Spec.ServiceAccount);
        Assert.Equal(["reviews"], we.GetHosts());
    }
}
