namespace Mesh.Cli.Input;

/// <summary>The text of one input file (or of stdin) and the name its diagnostics carry.</summary>
/// <param name="Name">The path as the user wrote it (or joined to a directory they named), or <c>stdin</c>.</param>
/// <param name="Text">The whole content.</param>
internal sealed record PolicySource(string Name, string Text);
