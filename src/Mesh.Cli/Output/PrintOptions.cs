namespace Mesh.Cli.Output;

/// <summary>How <see cref="ResourcePrinter"/> prints.</summary>
/// <param name="Format">One of <see cref="OutputFormat"/>.</param>
/// <param name="ShowNamespace">Add a NAMESPACE column (with <c>-A</c>).</param>
/// <param name="QualifyNames">Write table names as <c>kind.group/name</c> (for <c>get all</c>, where several tables follow each other).</param>
/// <param name="Now">The time ages are measured to.</param>
internal sealed record PrintOptions(string Format, bool ShowNamespace, bool QualifyNames, DateTimeOffset Now);
