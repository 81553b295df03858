using System.Text.Json.Nodes;
using Mesh.Policy.Resources;

namespace Mesh.Server.Storage;

/// <summary>
/// A resource as the store holds it: the typed form, its canonical JSON (what clients receive) and the
/// revisions at which it was created and last modified. Treated as immutable once stored.
/// </summary>
/// <param name="Resource">The typed resource, metadata filled in by the server.</param>
/// <param name="Json">The canonical JSON form of <paramref name="Resource"/>.</param>
/// <param name="CreateRevision">The revision at which this resource was created.</param>
/// <param name="ModRevision">The revision at which it last changed.</param>
internal sealed record StoredResource(MeshResource Resource, JsonObject Json, long CreateRevision, long ModRevision)
{
    public ResourceKey Key => Resource.Key;
}
