namespace BookInfo.Hosting;

/// <summary>What one BookInfo process runs.</summary>
internal enum RunMode
{
    /// <summary>The control server and all six services (no arguments).</summary>
    All,

    /// <summary>One service (<c>--service NAME</c>), joining a control server that runs elsewhere.</summary>
    Service,

    /// <summary>Only the control server, with the version subsets applied (<c>--control-plane-only</c>).</summary>
    ControlPlaneOnly,
}
