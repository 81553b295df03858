using Mesh.Policy.Resources;

namespace Mesh.Cli.Output;

/// <summary>The table form of <c>meshctl get</c>: [NAMESPACE] NAME, the kind's own columns, AGE.</summary>
internal static class ResourceTable
{
    /// <summary>Writes one table of resources that are all of <paramref name="kind"/>.</summary>
    /// <param name="resources">The resources, already in display order.</param>
    /// <param name="kind">Their kind.</param>
    /// <param name="options">Namespace column, name form and clock.</param>
    /// <param name="writer">Where to write.</param>
    public static void Write(IReadOnlyList<MeshResource> resources, ResourceKind kind, PrintOptions options, TextWriter writer)
    {
        var columns = KindColumns.For(kind);
        var headers = new List<string>();
        if (options.ShowNamespace)
        {
            headers.Add("NAMESPACE");
        }

        headers.Add("NAME");
        headers.AddRange(columns.Select(c => c.Header));
        headers.Add("AGE");

        var table = new TableWriter(headers);
        foreach (var resource in resources)
        {
            var cells = new List<string>(headers.Count);
            if (options.ShowNamespace)
            {
                cells.Add(resource.Key.Namespace);
            }

            cells.Add(options.QualifyNames ? ResourceNames.Qualified(resource) : resource.Metadata.Name ?? "");
            cells.AddRange(columns.Select(c => c.Value(resource)));
            cells.Add(Age.Since(resource.Metadata.CreationTimestamp, options.Now));
            table.AddRow(cells);
        }

        table.Write(writer);
    }
}
