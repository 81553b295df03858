using Mesh.Policy.Resources.Networking;
using static Mesh.Policy.Tests.PolicyAssert;

namespace Mesh.Policy.Tests;

/// <summary>The match conditions of VirtualService routes: string matches, regexes, headers.</summary>
public class VirtualServiceMatchValidationTests
{
    [Fact]
    public void Parse_InvalidUriRegex_Reported()
    {
        Refused(TestYaml.VirtualService("""
            - match:
              - uri:
                  regex: "/api/(v1|v2"
              route:
              - destination: {host: reviews}
            """), "spec.http[0].match[0].uri.regex", "invalid regular expression \"/api/(v1|v2\"");
    }

    [Fact]
    public void Parse_InvalidHeaderRegex_Reported()
    {
        Refused(TestYaml.VirtualService("""
            - route:
              - destination: {host: reviews}
            - match:
              - headers:
                  user-agent:
                    regex: "*Firefox*"
              route:
              - destination: {host: reviews}
            """), "spec.http[1].match[0].headers.user-agent.regex", "invalid regular expression \"*Firefox*\"");
    }

    [Fact]
    public void Parse_TwoKindsOfStringMatch_Reported()
    {
        Refused(TestYaml.VirtualService("""
            - match:
              - uri: {exact: /a, prefix: /b}
              route:
              - destination: {host: reviews}
            """), "spec.http[0].match[0].uri", "set only one of exact, prefix or regex");
    }

    [Fact]
    public void Parse_EmptyUriMatch_Reported()
    {
        Refused(TestYaml.VirtualService("""
            - match:
              - uri: {}
              route:
              - destination: {host: reviews}
            """), "spec.http[0].match[0].uri", "set one of exact, prefix or regex");
    }

    [Fact]
    public void Parse_EmptyHeaderMatch_MeansPresentAndIsAccepted()
    {
        var vs = ParseSingle<VirtualService>(TestYaml.VirtualService("""
            - match:
              - headers:
                  x-canary: {}
              route:
              - destination: {host: reviews}
            """));

        Assert.True(vs.Spec.Http![0].Match![0].Headers!.ContainsKey("x-canary"));
    }

    [Fact]
    public void Parse_UpperCaseHeaderName_SuggestsLowerCase()
    {
        Refused(TestYaml.VirtualService("""
            - match:
              - headers:
                  End-User: {exact: jason}
              route:
              - destination: {host: reviews}
            """), "spec.http[0].match[0].headers.End-User", "header names must be lower case (write \"end-user\")");
    }
}
