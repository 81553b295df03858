namespace Mesh.Policy.Validation;

/// <summary>
/// Collects diagnostics for one document, stamping each with the document's source, position and resource
/// identity, so that every error names where it is. Text echoed from the input is kept short
/// (<see cref="ReportedText"/>).
/// </summary>
internal sealed class DiagnosticBag(List<PolicyDiagnostic> sink, string? source, int document)
{
    private string? _kind;
    private string? _namespace;
    private string? _name;

    public string? Kind { get => _kind; set => _kind = ReportedText.ShortenOrNull(value); }

    public string? Namespace { get => _namespace; set => _namespace = ReportedText.ShortenOrNull(value); }

    public string? Name { get => _name; set => _name = ReportedText.ShortenOrNull(value); }

    public int ErrorCount { get; private set; }

    public void Error(string path, string message)
    {
        ErrorCount++;
        sink.Add(new PolicyDiagnostic(DiagnosticSeverity.Error, source, document, Kind, Namespace, Name, ReportedText.Shorten(path), ReportedText.Shorten(message)));
    }

    public void Warning(string path, string message, string? code = null) =>
        sink.Add(new PolicyDiagnostic(DiagnosticSeverity.Warning, source, document, Kind, Namespace, Name, ReportedText.Shorten(path), ReportedText.Shorten(message)) { Code = code });
}
