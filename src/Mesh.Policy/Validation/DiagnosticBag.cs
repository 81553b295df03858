namespace Mesh.Policy.Validation;

/// <summary>
/// Collects diagnostics for one document, stamping each with the document's source, position and resource
/// identity, so that every error names where it is.
/// </summary>
internal sealed class DiagnosticBag(List<PolicyDiagnostic> sink, string? source, int document)
{
    public string? Kind { get; set; }

    public string? Namespace { get; set; }

    public string? Name { get; set; }

    public int ErrorCount { get; private set; }

    public void Error(string path, string message)
    {
        ErrorCount++;
        sink.Add(new PolicyDiagnostic(DiagnosticSeverity.Error, source, document, Kind, Namespace, Name, path, message));
    }

    public void Warning(string path, string message, string? code = null) =>
        sink.Add(new PolicyDiagnostic(DiagnosticSeverity.Warning, source, document, Kind, Namespace, Name, path, message) { Code = code });
}
