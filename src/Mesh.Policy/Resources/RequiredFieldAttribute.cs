namespace Mesh.Policy.Resources;

/// <summary>A field the parser reports as missing when absent (or empty, for strings and lists).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class RequiredFieldAttribute : Attribute;
