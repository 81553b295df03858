using Mesh.Policy.Parsing;
using Mesh.Testing;
using YamlDotNet.RepresentationModel;

namespace Mesh.Policy.Tests;

/// <summary>Reading the conformance samples: by relative path, through the parser, or as raw YAML documents.</summary>
internal static class ConformanceSamples
{
    public const string Bookinfo = "istio/samples/bookinfo/networking/";
    public const string AuthnPolicy = "istio.io/extracted/security/authentication/authn-policy/";
    public const string SmiSplit = "smi-spec/extracted/apis/traffic-split/";

    /// <summary>Every YAML sample, relative to the conformance directory, with forward slashes.</summary>
    public static IEnumerable<string> RelativePaths() =>
        Conformance.Files(".yaml").Select(file => Path.GetRelativePath(Conformance.Root, file).Replace('\\', '/'));

    public static PolicyParseResult ParseSample(string file, PolicyParseOptions? options = null) =>
        PolicyParser.Parse(File.ReadAllText(Conformance.File(file)), file, options);

    /// <summary>The documents of a file as YamlDotNet sees them: an independent view of what the parser must find.</summary>
    public static List<SampleDocument> ReadDocuments(string file)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(File.ReadAllText(Conformance.File(file))))
        {
            stream.Load(reader);
        }

        var documents = new List<SampleDocument>();
        for (var i = 0; i < stream.Documents.Count; i++)
        {
            if (stream.Documents[i].RootNode is YamlMappingNode root)
            {
                var metadata = Child(root, "metadata") as YamlMappingNode;
                documents.Add(new SampleDocument(i + 1, Scalar(root, "kind"), Scalar(root, "apiVersion"), metadata is null ? null : Scalar(metadata, "name")));
            }
        }

        return documents;
    }

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static string? Scalar(YamlMappingNode map, string key) => (Child(map, key) as YamlScalarNode)?.Value;
}

/// <summary>One document of a sample file: its 1-based position and the identity it declares.</summary>
internal sealed record SampleDocument(int Index, string? Kind, string? ApiVersion, string? Name);
