namespace Mesh.Policy.Resources.Networking;

/// <summary>Header operations on requests and responses.</summary>
public sealed class Headers
{
    /// <summary>Operations on the request sent upstream.</summary>
    public HeaderOperations? Request { get; set; }

    /// <summary>Operations on the response returned to the caller.</summary>
    public HeaderOperations? Response { get; set; }
}

/// <summary>Set, add and remove headers.</summary>
public sealed class HeaderOperations
{
    /// <summary>Overwrites these headers.</summary>
    public Dictionary<string, string>? Set { get; set; }

    /// <summary>Appends these headers.</summary>
    public Dictionary<string, string>? Add { get; set; }

    /// <summary>Removes these headers.</summary>
    public List<string>? Remove { get; set; }
}
