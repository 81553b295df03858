using Mesh.Policy.Parsing;
using Mesh.Policy.Resources;
using Mesh.Policy.Validation;

namespace Mesh.Policy.Tests;

/// <summary>Parsing shortcuts and assertions that name the diagnostics found when they fail.</summary>
internal static class PolicyAssert
{
    public const string Source = "test.yaml";

    public static PolicyParseResult Parse(string text, PolicyParseOptions? options = null) =>
        PolicyParser.Parse(text, Source, options);

    /// <summary>Asserts that there is no diagnostic at all, not even a warning (but for "not enforced yet" notices).</summary>
    public static void Clean(PolicyParseResult result)
    {
        var relevant = result.Diagnostics.Where(d => d.Code != PolicyDiagnostic.NotEnforcedCode).ToList();
        Assert.True(relevant.Count == 0, "expected no diagnostics; got:\n" + Describe(relevant));
    }

    /// <summary>Asserts that there is no error (warnings are allowed).</summary>
    public static void NoErrors(PolicyParseResult result) =>
        Assert.False(result.HasErrors, "expected no errors; got:\n" + Describe(result.Diagnostics));

    /// <summary>Parses a document that must be free of diagnostics and returns its single resource.</summary>
    public static T ParseSingle<T>(string text)
        where T : MeshResource
    {
        var result = Parse(text);
        Clean(result);
        return Assert.IsType<T>(Assert.Single(result.Resources));
    }

    /// <summary>Asserts an error at <paramref name="path"/> whose message contains <paramref name="messagePart"/>.</summary>
    public static PolicyDiagnostic Error(PolicyParseResult result, string path, string messagePart) =>
        Find(result.Diagnostics, DiagnosticSeverity.Error, path, messagePart);

    /// <summary>Asserts a warning at <paramref name="path"/> whose message contains <paramref name="messagePart"/>.</summary>
    public static PolicyDiagnostic Warning(IEnumerable<PolicyDiagnostic> diagnostics, string path, string messagePart) =>
        Find(diagnostics, DiagnosticSeverity.Warning, path, messagePart);

    /// <summary>Asserts that the input is refused: an error at the path, and no resource from that document applied.</summary>
    public static PolicyDiagnostic Refused(string text, string path, string messagePart)
    {
        var result = Parse(text);
        var error = Error(result, path, messagePart);
        Assert.True(result.HasErrors);
        Assert.Empty(result.Resources);
        return error;
    }

    public static string Describe(IEnumerable<PolicyDiagnostic> diagnostics)
    {
        var lines = diagnostics.Select(d => "  " + d).ToList();
        return lines.Count == 0 ? "  (none)" : string.Join("\n", lines);
    }

    private static PolicyDiagnostic Find(IEnumerable<PolicyDiagnostic> diagnostics, DiagnosticSeverity severity, string path, string messagePart)
    {
        var all = diagnostics.ToList();
        var found = all.FirstOrDefault(d => d.Severity == severity && d.Path == path && d.Message.Contains(messagePart, StringComparison.Ordinal));
        Assert.True(found is not null, $"expected {severity} at \"{path}\" containing \"{messagePart}\"; got:\n{Describe(all)}");
        return found;
    }
}
