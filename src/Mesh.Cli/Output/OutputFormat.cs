namespace Mesh.Cli.Output;

/// <summary>The values of <c>-o</c>.</summary>
internal static class OutputFormat
{
    public const string Table = "table";
    public const string Yaml = "yaml";
    public const string Json = "json";

    /// <summary><c>kind.group/name</c> per line, as kubectl's <c>-o name</c>, for scripts.</summary>
    public const string Name = "name";

    public static readonly string[] All = [Table, Yaml, Json, Name];
}
