using Xunit.Abstractions;

namespace Mesh.Policy.Tests;

/// <summary>
/// A conformance file as a theory argument: shown by its whole relative path (xunit cuts plain string arguments
/// at 50 characters, which would give many files the same test name).
/// </summary>
public sealed class ConformanceFile : IXunitSerializable
{
    /// <summary>For xunit's deserialization only.</summary>
    public ConformanceFile()
    {
    }

    public ConformanceFile(string path) => Path = path;

    /// <summary>The path relative to the conformance directory, with forward slashes.</summary>
    public string Path { get; private set; } = "";

    public void Deserialize(IXunitSerializationInfo info) => Path = info.GetValue<string>(nameof(Path));

    public void Serialize(IXunitSerializationInfo info) => info.AddValue(nameof(Path), Path);

    public override string ToString() => Path;
}
