using Mesh.Policy.Api;
using Mesh.Policy.Parsing;
using Mesh.Policy.Resources.Networking;
using Mesh.Policy.Validation;
using static Mesh.Policy.Tests.PolicyAssert;

namespace Mesh.Policy.Tests;

/// <summary>
/// Small bodies that used to kill or stall the parser (a recursive alias, aliases of aliases, deep nesting, huge
/// lists, huge names) are refused with a message naming the limit and where it was passed.
/// </summary>
public class InputLimitTests
{
    [Fact]
    public void Parse_RecursiveAlias_RefusedNamingTheAlias()
    {
        var result = Parse("a: &a [*a]");

        var error = Assert.Single(result.Diagnostics);
        Assert.True(error.IsError);
        Assert.Equal("the alias *a at line 1, column 8 refers to the node that contains it (a recursive alias), which Mesh does not accept: write the content out", error.Message);
        Assert.Empty(result.Resources);
    }

    [Fact]
    public void Parse_RecursiveAliasInsideAResource_Refused()
    {
        var result = Parse("kind: VirtualService\nmetadata: {name: r}\nspec: &s\n  hosts: [reviews]\n  http: [*s]\n");

        Error(result, "", "the alias *s at line 5, column 10 refers to the node that contains it");
        Assert.Empty(result.Resources);
    }

    [Fact]
    public void Parse_BillionLaughs_RefusedAtTheAliasLimit()
    {
        var laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n";
        for (var level = 'b'; level <= 'i'; level++)
        {
            var below = (char)(level - 1);
            laughs += $"{level}: &{level} [{string.Join(", ", Enumerable.Repeat("*" + below, 9))}]\n";
        }

        var error = Assert.Single(Parse(laughs).Diagnostics);

        // a to d expand to 8,289 values; the first *d of e would add 7,381 more.
        Assert.Equal("aliases expand to more than 10000 values (at the alias *d at line 5, column 8); Mesh expands at most 10000 per input: write the repeated parts out", error.Message);
    }

    [Fact]
    public void Parse_NestingPastTheLimit_RefusedWithLineAndColumn()
    {
        var error = Assert.Single(Parse(new string('[', 100_000) + new string(']', 100_000)).Diagnostics);

        Assert.Equal("the input nests deeper than 64 levels at line 1, column 65; Mesh accepts at most 64", error.Message);
    }

    [Fact]
    public void Parse_BlockNestingPastTheLimit_Refused()
    {
        var text = string.Concat(Enumerable.Range(0, 70).Select(i => new string(' ', i) + "a:\n"));

        var error = Assert.Single(Parse(text).Diagnostics);

        Assert.StartsWith("the input nests deeper than 64 levels at line 65, column 65;", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NestingAtTheLimit_IsRead()
    {
        var error = Assert.Single(Parse(new string('[', PolicyInputLimits.MaxDepth) + new string(']', PolicyInputLimits.MaxDepth)).Diagnostics);

        // Read in full: refused for what it is, not for its depth.
        Assert.Equal("a resource must be a map with apiVersion, kind, metadata and spec, not a list", error.Message);
    }

    [Fact]
    public void Parse_AliasThatNestsPastTheLimit_Refused()
    {
        var text = "a: &a " + new string('[', 40) + new string(']', 40) + "\nb: " + new string('[', 30) + "*a" + new string(']', 30) + "\n";

        var error = Assert.Single(Parse(text).Diagnostics);

        Assert.Equal("the alias *a at line 2, column 34 makes the input nest deeper than 64 levels; Mesh accepts at most 64", error.Message);
    }

    [Fact]
    public void Parse_MoreValuesThanTheLimit_Refused()
    {
        var text = "- " + string.Join("\n- ", Enumerable.Repeat("a", PolicyInputLimits.MaxValues + 10));

        var error = Assert.Single(Parse(text).Diagnostics);

        Assert.StartsWith("the input holds more than 250000 values (lists, maps and scalars, aliases expanded) at line 250000, column ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Mesh accepts at most 250000 per input: split it into several", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kind: *nope\n", "invalid YAML at line 1, column 7: the alias *nope names no anchor (&nope) defined before it in this document")]
    [InlineData("kind: *k\nx: &k VirtualService\n", "invalid YAML at line 1, column 7: the alias *k names no anchor (&k) defined before it in this document")]
    [InlineData("? [a, b]\n: 1\n", "invalid YAML at line 1, column 3: a map key must be a plain value, not a list or a map")]
    [InlineData("a: &a {x: 1}\n*a : 1\n", "invalid YAML at line 2, column 1: a map key must be a plain value, not a list or a map")]
    public void Parse_AliasOrKeyThatCannotBeRead_IsInvalidYaml(string text, string message)
    {
        var error = Assert.Single(Parse(text).Diagnostics);

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Parse_AnchorsWithinLimits_AliasesAreIndependentCopies()
    {
        var vs = ParseSingle<VirtualService>("""
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews}
            spec:
              hosts: [&h reviews]
              http:
              - &route {route: [{destination: {host: *h, subset: v1}}]}
              - *route
            """);

        Assert.Equal(2, vs.Spec.Http!.Count);
        Assert.All(vs.Spec.Http, r => Assert.Equal("reviews", r.Route![0].Destination!.Host));
        Assert.NotSame(vs.Spec.Http[0], vs.Spec.Http[1]);
    }

    [Fact]
    public void Parse_HundredThousandEmptyItems_ReportsTheFirstHundredErrorsAndHowManyMore()
    {
        var text = "kind: VirtualService\nspec:\n  hosts:\n" + string.Concat(Enumerable.Repeat("  -\n", 100_000));

        var result = Parse(text);

        // 100,000 empty items, a missing name and a missing route: 100,002 errors, of which 100 are shown.
        Assert.Equal(PolicyInputLimits.MaxReportedDiagnostics + 1, result.Errors.Count());
        Assert.Equal("and 99902 more errors not shown; Mesh reports at most 100 errors per input: fix these and check again", result.Errors.Last().Message);
        Assert.Single(result.Warnings);
        Assert.Equal((100_002, 1), PolicyDiagnostic.Count(result.Diagnostics));
    }

    [Fact]
    public void Parse_HugeName_IsShortenedInEveryDiagnostic()
    {
        var text = "kind: VirtualService\nmetadata:\n  name: " + new string('n', 1_000_000) + "\nspec: {hosts: [reviews], http: [x]}\n";

        var result = Parse(text);

        Error(result, "metadata.name", "characters left out]");
        Assert.All(result.Diagnostics, d => Assert.InRange(d.ToString().Length, 1, 4 * PolicyInputLimits.MaxReportedTextLength));
    }

    [Theory]
    [InlineData("1e400", "1e400 is out of range")]
    [InlineData("99999999999999999999999999999999999999", "is out of range")]
    [InlineData("100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "is out of range")]
    public void Parse_NumberBeyondRange_RefusedNamingTheField(string weight, string message)
    {
        var text = $"apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {{name: r}}\nspec:\n  hosts: [r]\n  http:\n  - route:\n    - destination: {{host: r}}\n      weight: {weight}\n";

        Refused(text, "spec.http[0].route[0].weight", message);
    }

    [Fact]
    public void ResourceJson_NestedDeeperThanJsonAllows_ThrowsTheFormatExceptionCallersHandle()
    {
        var json = string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100);

        var ex = Assert.Throws<FormatException>(() => ResourceJson.Read(json));

        Assert.Contains("not valid JSON", ex.Message, StringComparison.Ordinal);
    }
}
