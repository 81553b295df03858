namespace Mesh.Policy.Validation;

/// <summary>How serious a <see cref="PolicyDiagnostic"/> is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>The input cannot be applied as written.</summary>
    Error,

    /// <summary>The input applies, but probably does not do what was meant (as <c>istioctl analyze</c> warns).</summary>
    Warning,
}
