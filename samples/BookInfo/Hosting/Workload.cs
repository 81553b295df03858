namespace BookInfo.Hosting;

/// <summary>One BookInfo service at one version: its identity in the mesh and where it listens by default.</summary>
/// <param name="Service">The service name callers use (<c>reviews</c>), the <c>app</c> label.</param>
/// <param name="Version">The <c>version</c> label that DestinationRule subsets select.</param>
/// <param name="PortOffset">Its port relative to the base port (productpage 0 ... ratings 5).</param>
internal sealed record Workload(string Service, string Version, int PortOffset)
{
    /// <summary>The identity, as in Istio's bookinfo.yaml, so that Istio's security samples apply unchanged.</summary>
    public string ServiceAccount => "bookinfo-" + Service;

    /// <summary><c>reviews v2</c>: how the banner and the errors name it.</summary>
    public string DisplayName => Service + " " + Version;

    /// <summary>A path worth opening in a browser.</summary>
    public string SamplePath => Service == "productpage" ? "/productpage" : "/" + Service + "/0";

    /// <summary>Its port for a base port; 0 (any free port) stays 0.</summary>
    public int PortFor(int basePort) => basePort == 0 ? 0 : basePort + PortOffset;
}
