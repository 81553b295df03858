using Mesh.Policy.Resources;

namespace Mesh.Server.Storage;

/// <summary>One write in an atomic commit: put a resource, or delete one by key.</summary>
internal abstract record StoreOperation
{
    private StoreOperation()
    {
    }

    /// <summary>Create or replace a resource. Its metadata.resourceVersion is set by the store to the commit's revision.</summary>
    public sealed record Put(MeshResource Resource) : StoreOperation;

    /// <summary>Remove a resource; a missing key is not an error.</summary>
    public sealed record Delete(ResourceKey Key) : StoreOperation;
}
