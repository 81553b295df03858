using Mesh.Policy.Validation;
using static Mesh.Policy.Tests.PolicyAssert;

namespace Mesh.Policy.Tests;

public class PolicyDiagnosticTests
{
    [Fact]
    public void ToString_ParsedDiagnostic_GivesFileDocumentResourcePathAndMessage()
    {
        var result = Parse(TestYaml.DestinationRule("host: reviews") + "\n---\n" + TestYaml.VirtualService("""
            - route:
              - destination:
                  host: reviews
              timeout: 7
            """));

        Assert.Equal(
            "test.yaml[#2] VirtualService default/reviews: spec.http[0].timeout: invalid duration \"7\": missing unit (write \"7s\" for seconds; units are h, m, s, ms, us, ns)",
            Assert.Single(result.Diagnostics).ToString());
    }

    [Fact]
    public void ToString_WarningOrPartsUnknown_MarksWarningAndLeavesPartsOut()
    {
        var warning = new PolicyDiagnostic(DiagnosticSeverity.Warning, null, 0, "VirtualService", "bookinfo", "reviews", "spec.hosts", "also routed elsewhere");
        var bare = new PolicyDiagnostic(DiagnosticSeverity.Error, "a.yaml", 0, null, null, null, "", "invalid YAML at line 1, column 1: x");

        Assert.Equal("VirtualService bookinfo/reviews: spec.hosts: warning: also routed elsewhere", warning.ToString());
        Assert.Equal("a.yaml: invalid YAML at line 1, column 1: x", bare.ToString());
    }
}
