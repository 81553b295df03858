using Mesh.Policy.Resources;

namespace Mesh.Policy.Api;

/// <summary>
/// A resource the control server sent that this client cannot read: most often one written through a newer server
/// (a field, apiVersion or kind this version does not know). A client skips it and keeps the rest.
/// </summary>
/// <param name="Kind">The kind, when the resource names one.</param>
/// <param name="Namespace">The namespace, when it names one.</param>
/// <param name="Name">The name, when it names one.</param>
/// <param name="Reason">Every problem found, as <c>field.path: message</c>.</param>
public sealed record UnreadableResource(string? Kind, string? Namespace, string? Name, string Reason)
{
    /// <summary>Its key, when it names a kind and a name (the namespace defaults as in the store).</summary>
    public ResourceKey? Key =>
        string.IsNullOrEmpty(Kind) || string.IsNullOrEmpty(Name) ? null : new ResourceKey(Kind, string.IsNullOrEmpty(Namespace) ? ResourceKey.DefaultNamespace : Namespace, Name);

    /// <summary><c>Kind namespace/name</c>, with <c>?</c> for what it does not name.</summary>
    public override string ToString() => $"{Kind ?? "?"} {Namespace ?? "?"}/{Name ?? "?"}";
}
