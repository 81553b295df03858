namespace Mesh.Policy.Resources;

/// <summary>
/// Marks a field that exists in Istio's or SMI's schema but that Mesh does not implement. The parser reports
/// it as an error that names the field, so that nothing in a user's policy is silently ignored.
/// </summary>
/// <param name="field">The field's wire name, e.g. <c>corsPolicy</c>.</param>
/// <param name="reason">Why, or what to use instead; appended to the error.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
internal sealed class UnsupportedFieldAttribute(string field, string? reason = null) : Attribute
{
    /// <summary>The field's wire name.</summary>
    public string Field { get; } = field;

    /// <summary>Why the field is not supported, or what to use instead.</summary>
    public string? Reason { get; } = reason;
}
