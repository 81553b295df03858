namespace Mesh.Policy.Parsing;

/// <summary>
/// The bounds <see cref="PolicyParser"/> puts on one input text (a file, stdin, or an apply body), so that a small
/// hostile body (a recursive alias, aliases of aliases, deep nesting, a huge list) is rejected quickly with a
/// message naming the limit, instead of exhausting the stack, memory or time of whoever parses it.
/// </summary>
/// <remarks>
/// Istio and SMI resources nest about 10 levels deep and hold a few hundred values; the limits leave room for
/// generated policy many times that size.
/// </remarks>
public static class PolicyInputLimits
{
    /// <summary>
    /// The deepest nesting of lists and maps accepted, counting a document's top-level map as level 1 and
    /// counting what aliases expand to. <value>64, the default depth limit of System.Text.Json.</value>
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// The most values (maps, lists and scalars, with aliases expanded) one input may hold, over all its
    /// documents. <value>250,000.</value>
    /// </summary>
    public const int MaxValues = 250_000;

    /// <summary>
    /// The most values that aliases (<c>*name</c>) of one input may expand to, in all. Bounds the "billion laughs"
    /// (aliases of aliases) well below <see cref="MaxValues"/>. <value>10,000.</value>
    /// </summary>
    public const int MaxAliasValues = 10_000;

    /// <summary>
    /// The most errors reported for one parse, and separately the most warnings; the rest are summed up in one
    /// last "and N more" diagnostic of the same severity. <value>100.</value>
    /// </summary>
    public const int MaxReportedDiagnostics = 100;

    /// <summary>
    /// The longest diagnostic message, field path or resource name reported; a longer one (which can only echo
    /// a huge value from the input) keeps its start and end around a note of how much was left out.
    /// <value>1,000 characters.</value>
    /// </summary>
    public const int MaxReportedTextLength = 1_000;
}
