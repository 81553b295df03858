using System.CommandLine;

namespace Mesh.Cli.Commands;

/// <summary>Options that several commands share, spelled as kubectl spells them.</summary>
internal static class CommonOptions
{
    public static Option<string[]> Files(string description) => new("--filename", "-f")
    {
        Description = description + " A directory means its *.yaml, *.yml and *.json files; - means stdin. Repeatable.",
        HelpName = "FILE|DIR|-",
    };

    public static Option<string?> Namespace(string description) => new("--namespace", "-n")
    {
        Description = description,
        HelpName = "NAMESPACE",
    };
}
