using Mesh.Policy.Resources;
using Mesh.Policy.Validation;

namespace Mesh.Policy.Parsing;

/// <summary>The resources read from some input, and every problem found in it.</summary>
public sealed class PolicyParseResult
{
    internal PolicyParseResult(List<MeshResource> resources, List<PolicyDiagnostic> diagnostics)
    {
        Resources = resources;
        Diagnostics = diagnostics;
    }

    /// <summary>The resources that parsed without error, in input order.</summary>
    public IReadOnlyList<MeshResource> Resources { get; }

    /// <summary>
    /// The errors and warnings, in input order: up to <see cref="PolicyInputLimits.MaxReportedDiagnostics"/> of each,
    /// then one "and N more" diagnostic of the same severity for the rest.
    /// </summary>
    public IReadOnlyList<PolicyDiagnostic> Diagnostics { get; }

    /// <summary>True when any diagnostic is an error: the input as a whole must not be applied.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>The errors only.</summary>
    public IEnumerable<PolicyDiagnostic> Errors => Diagnostics.Where(d => d.IsError);

    /// <summary>The warnings only.</summary>
    public IEnumerable<PolicyDiagnostic> Warnings => Diagnostics.Where(d => !d.IsError);
}
