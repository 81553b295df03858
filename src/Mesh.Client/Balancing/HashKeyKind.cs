namespace Mesh.Client.Balancing;

/// <summary>Where a consistent-hash key is read from.</summary>
internal enum HashKeyKind
{
    /// <summary>A request header (<c>httpHeaderName</c>).</summary>
    Header,

    /// <summary>A cookie in the <c>Cookie</c> header (<c>httpCookie.name</c>).</summary>
    Cookie,

    /// <summary>A query parameter (<c>httpQueryParameterName</c>).</summary>
    QueryParameter,

    /// <summary>The caller's IP address (<c>useSourceIp</c>).</summary>
    SourceIp,
}
