using Mesh.Policy.Resources;

namespace Mesh.Cli.Output;

/// <summary>One column of a <c>get</c> table: its header and how to read its cell from a resource.</summary>
/// <param name="Header">The upper-case header.</param>
/// <param name="Value">The cell's text; never null (an absent value is <c>&lt;none&gt;</c> or empty).</param>
internal sealed record Column(string Header, Func<MeshResource, string> Value)
{
    /// <summary>A column that reads a resource of one known type.</summary>
    public static Column Of<T>(string header, Func<T, string> value)
        where T : MeshResource =>
        new(header, r => r is T typed ? value(typed) : "");
}
