using System.Text;
using Mesh.Policy.Parsing;
using Mesh.Policy.Serialization;

namespace Mesh.Cli.Input;

/// <summary>The files given with <c>-f</c>, read and parsed locally as one input, ready to send as one body.</summary>
internal sealed class PolicyInput
{
    private PolicyInput(IReadOnlyList<PolicySource> sources, PolicyParseResult result, string? enforcedNamespace)
    {
        Sources = sources;
        Result = result;
        EnforcedNamespace = enforcedNamespace;
    }

    public IReadOnlyList<PolicySource> Sources { get; }

    /// <summary>The local parse: resources and every diagnostic, with file names.</summary>
    public PolicyParseResult Result { get; }

    /// <summary>The namespace given with <c>-n</c>, if any.</summary>
    public string? EnforcedNamespace { get; }

    /// <summary>Reads and parses <paramref name="paths"/>; duplicates across files are reported as in one apply.</summary>
    public static PolicyInput Load(IReadOnlyList<string> paths, string? enforcedNamespace, MeshCtlContext context)
    {
        var sources = PolicyFileReader.Read(paths, context);
        var options = new PolicyParseOptions { EnforcedNamespace = enforcedNamespace };
        var result = PolicyParser.ParseMany(sources.Select(s => (s.Text, (string?)s.Name)), options);
        return new PolicyInput(sources, result, enforcedNamespace);
    }

    /// <summary>
    /// The request body: every file in one multi-document YAML stream, so that the server applies all of it or
    /// nothing. With <c>-n</c> the parsed resources are sent instead, because only they carry the namespace that
    /// <c>-n</c> gave to documents that name none (so that what is sent is exactly what was validated here).
    /// </summary>
    public string ToRequestBody()
    {
        if (EnforcedNamespace is not null)
        {
            return PolicySerializer.ToJson(Result.Resources, indented: false);
        }

        var body = new StringBuilder();
        foreach (var source in Sources)
        {
            // JSON is YAML, so JSON files join the stream too; "---" starts the next file's first document.
            body.Append("---\n").Append(source.Text);
            if (!source.Text.EndsWith('\n'))
            {
                body.Append('\n');
            }
        }

        return body.ToString();
    }
}
