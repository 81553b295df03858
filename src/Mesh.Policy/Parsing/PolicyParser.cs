using System.Text.Json;
using System.Text.Json.Nodes;
using Mesh.Policy.Resources;
using Mesh.Policy.Validation;

namespace Mesh.Policy.Parsing;

/// <summary>
/// Reads Istio and SMI resources from YAML (multi-document) or JSON, binds them to typed resources and
/// validates each one, reporting every problem at once.
/// </summary>
public static class PolicyParser
{
    private static readonly HashSet<string> EnvelopeFields = ["apiVersion", "kind", "metadata", "spec", "status"];

    /// <summary>Parses and validates <paramref name="text"/>.</summary>
    /// <param name="text">YAML or JSON; several documents separated by <c>---</c>, a JSON array, or a <c>kind: List</c>.</param>
    /// <param name="source">A label for messages, usually the file name.</param>
    /// <param name="options">Namespace defaults.</param>
    public static PolicyParseResult Parse(string text, string? source = null, PolicyParseOptions? options = null)
    {
        var diagnostics = new List<PolicyDiagnostic>();
        var documents = YamlDocumentReader.Read(text, source, diagnostics);
        return ParseDocuments(documents, diagnostics, options ?? new PolicyParseOptions());
    }

    /// <summary>Parses and validates resources that are already JSON trees (one object each).</summary>
    public static PolicyParseResult ParseNodes(IEnumerable<JsonNode?> nodes, string? source = null, PolicyParseOptions? options = null)
    {
        var documents = new List<SourceDocument>();
        var index = 0;
        foreach (var node in nodes)
        {
            documents.Add(new SourceDocument(source, ++index, node));
        }

        return ParseDocuments(documents, [], options ?? new PolicyParseOptions());
    }

    /// <summary>Parses several sources as one input: duplicates across them are reported, as in one apply.</summary>
    public static PolicyParseResult ParseMany(IEnumerable<(string Text, string? Source)> sources, PolicyParseOptions? options = null)
    {
        var diagnostics = new List<PolicyDiagnostic>();
        var documents = new List<SourceDocument>();
        foreach (var (text, source) in sources)
        {
            documents.AddRange(YamlDocumentReader.Read(text, source, diagnostics));
        }

        return ParseDocuments(documents, diagnostics, options ?? new PolicyParseOptions());
    }

    private static PolicyParseResult ParseDocuments(List<SourceDocument> documents, List<PolicyDiagnostic> diagnostics, PolicyParseOptions options)
    {
        var resources = new List<MeshResource>();
        var seen = new Dictionary<ResourceKey, SourceDocument>();
        foreach (var document in documents)
        {
            var bag = new DiagnosticBag(diagnostics, document.Source, document.Index);
            var resource = ParseDocument(document, bag, options);
            if (resource is null)
            {
                continue;
            }

            ResourceValidator.Validate(resource, bag);

            // A resource without a name has already been reported; it is no duplicate of another nameless one.
            var named = !string.IsNullOrEmpty(resource.Metadata.Name);
            if (named && seen.TryGetValue(resource.Key, out var first))
            {
                bag.Error("metadata.name", $"duplicate resource: {resource.Key} is also defined in {Where(first)}");
            }
            else if (named)
            {
                seen.Add(resource.Key, document);
            }

            if (bag.ErrorCount == 0)
            {
                resources.Add(resource);
            }
        }

        return new PolicyParseResult(resources, ReportedDiagnostics.Bound(diagnostics));
    }

    private static string Where(SourceDocument d) =>
        (d.Source ?? "input") + "[#" + d.Index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";

    private static MeshResource? ParseDocument(SourceDocument document, DiagnosticBag bag, PolicyParseOptions options)
    {
        if (document.Node is not JsonObject obj)
        {
            bag.Error("", $"a resource must be a map with apiVersion, kind, metadata and spec, not {ResourceBinder.Describe(document.Node)}");
            return null;
        }

        var kindName = obj["kind"] is JsonValue kv && kv.GetValueKind() == JsonValueKind.String ? kv.GetValue<string>() : null;
        var apiVersion = obj["apiVersion"] is JsonValue av && av.GetValueKind() == JsonValueKind.String ? av.GetValue<string>() : null;
        var metadataNode = obj["metadata"] as JsonObject;
        bag.Name = metadataNode?["name"] is JsonValue nv && nv.GetValueKind() == JsonValueKind.String ? nv.GetValue<string>() : null;
        bag.Namespace = metadataNode?["namespace"] is JsonValue nsv && nsv.GetValueKind() == JsonValueKind.String
            ? nsv.GetValue<string>()
            : options.EnforcedNamespace ?? options.DefaultNamespace;

        if (string.IsNullOrEmpty(kindName))
        {
            bag.Error("kind", obj["kind"] is null
                ? "required field is missing (e.g. kind: VirtualService)"
                : $"must be the name of a kind (e.g. kind: VirtualService), not {ResourceBinder.Describe(obj["kind"])}");
            return null;
        }

        bag.Kind = kindName;
        var kind = ResourceKinds.FindExact(kindName);
        if (kind is null)
        {
            var reason = ResourceKinds.UnsupportedReason(kindName);
            var near = ResourceKinds.Find(kindName);
            bag.Error("kind", near is not null
                ? $"unknown kind \"{kindName}\" (did you mean \"{near.Kind}\"? kinds are case-sensitive)"
                : reason is not null
                    ? $"{kindName} is not supported by Mesh: {reason}"
                    : $"{kindName} ({apiVersion ?? "no apiVersion"}) is not supported by Mesh; supported kinds: {ResourceKinds.SupportedKindList}");
            return null;
        }

        if (string.IsNullOrEmpty(apiVersion))
        {
            bag.Warning("apiVersion", $"missing; assuming {kind.PreferredApiVersion}");
            apiVersion = kind.PreferredApiVersion;
        }
        else if (!kind.AcceptsApiVersion(apiVersion))
        {
            var accepted = string.Join(", ", kind.Versions.Select(v => kind.Group + "/" + v));
            bag.Error("apiVersion", $"\"{apiVersion}\" is not a supported version of {kind.Kind}; use one of {accepted}");
            return null;
        }

        var resource = kind.Create();
        resource.ApiVersion = apiVersion;
        var binder = new ResourceBinder(bag);

        foreach (var (field, _) in obj)
        {
            if (!EnvelopeFields.Contains(field))
            {
                var specShape = TypeShape.Of(resource.SpecObject!.GetType());
                bag.Error(field, specShape.Fields.ContainsKey(field)
                    ? $"unknown top-level field; \"{field}\" belongs under spec (spec.{field})"
                    : "unknown top-level field; a resource has apiVersion, kind, metadata and spec");
            }
        }

        if (obj["metadata"] is null)
        {
            bag.Error("metadata.name", "required field is missing");
        }
        else
        {
            resource.Metadata = binder.Bind<ObjectMeta>(obj["metadata"], "metadata") ?? new ObjectMeta();
        }

        ApplyNamespace(resource, bag, options);
        bag.Namespace = resource.Metadata.Namespace;

        var specType = resource.SpecObject!.GetType();
        if (obj["spec"] is not null)
        {
            var spec = binder.Bind(obj["spec"], specType, "spec");
            if (spec is not null)
            {
                resource.GetType().GetProperty("Spec")!.SetValue(resource, spec);
            }
        }
        else
        {
            // An absent spec is an empty one (AuthorizationPolicy's "spec: {}" means deny-all); required fields still apply.
            binder.Bind(new JsonObject(), specType, "spec");
        }

        return resource;
    }

    private static void ApplyNamespace(MeshResource resource, DiagnosticBag bag, PolicyParseOptions options)
    {
        var ns = resource.Metadata.Namespace;
        if (string.IsNullOrEmpty(ns))
        {
            resource.Metadata.Namespace = options.EnforcedNamespace ?? options.DefaultNamespace;
        }
        else if (options.EnforcedNamespace is not null && ns != options.EnforcedNamespace)
        {
            bag.Error("metadata.namespace", $"\"{ns}\" does not match the namespace given on the command line (\"{options.EnforcedNamespace}\")");
        }
    }
}
