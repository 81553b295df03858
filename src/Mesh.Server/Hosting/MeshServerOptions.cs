namespace Mesh.Server.Hosting;

/// <summary>How a control server runs. Every value has a default, so that no arguments at all is a working server.</summary>
public sealed class MeshServerOptions
{
    /// <summary>The address to listen on. <value>Default: <c>http://127.0.0.1:15010</c>; port 0 picks a free port.</value></summary>
    public string Listen { get; set; } = "http://127.0.0.1:15010";

    /// <summary>Where the store and the tokens are kept. <value>Default: <c>./mesh-data</c>.</value></summary>
    public string DataDirectory { get; set; } = "mesh-data";

    /// <summary>
    /// The admin token; when null, one is read from (or created in) the data directory. A created token is printed
    /// once on stdout (not with <see cref="LogFormat"/> <c>none</c>) and never logged.
    /// </summary>
    public string? AdminToken { get; set; }

    /// <summary>The join token for service instances; when null, read from (or created in) the data directory.</summary>
    public string? JoinToken { get; set; }

    /// <summary>How long an instance stays registered without a heartbeat. <value>Default: 15 s.</value></summary>
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The longest a watch request may wait. <value>Default: 60 s.</value></summary>
    public TimeSpan MaxWatchTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The largest request body accepted. <value>Default: 4 MiB.</value></summary>
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>How many changes are kept for watchers to resume from. <value>Default: 10,000.</value></summary>
    public int WatchHistory { get; set; } = 10_000;

    /// <summary>
    /// The most bytes of changes kept for watchers to resume from, counting each change's resource as compact JSON
    /// (memory held is a few times that); the oldest changes go first, and a watcher behind them is told to resync.
    /// <value>Default: 64 MiB.</value>
    /// </summary>
    public long WatchHistoryBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// How many failed token attempts a client address may make in a row; after that its requests get 429 with
    /// Retry-After, without their token being checked, until it earns an attempt back. <value>Default: 10.</value>
    /// </summary>
    public int AuthFailureBurst { get; set; } = 10;

    /// <summary>How often a client address earns back one failed token attempt. <value>Default: 6 s (10 a minute).</value></summary>
    public TimeSpan AuthFailureRefill { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>
    /// The most client addresses (IPv6: /64 blocks) whose failed attempts are tracked at once, which bounds the
    /// memory used (about 100 bytes each). <value>Default: 100,000.</value>
    /// </summary>
    public int AuthFailureTrackedAddresses { get; set; } = 100_000;

    /// <summary>Log format: <c>simple</c> (one line per event), <c>json</c>, or <c>none</c> (embedded uses such as tests). <value>Default: simple.</value></summary>
    public string LogFormat { get; set; } = "simple";

    /// <summary>
    /// The CA certificate file (PEM): the signing certificate first, then, for an intermediate, the certificates up
    /// to its root. With <see cref="CaKeyFile"/>; when both are null the CA is the root kept in (or created at first
    /// start in) the data directory.
    /// </summary>
    public string? CaCertificateFile { get; set; }

    /// <summary>The CA's private key file (PEM, unencrypted PKCS#8, PKCS#1 or SEC1), with <see cref="CaCertificateFile"/>.</summary>
    public string? CaKeyFile { get; set; }

    /// <summary>A PEM file of extra roots to trust besides the CA's own (for a root rotation).</summary>
    public string? TrustBundleFile { get; set; }

    /// <summary>The SPIFFE trust domain of workload identities. <value>Default: <c>cluster.local</c>.</value></summary>
    public string TrustDomain { get; set; } = Policy.Identity.SpiffeId.DefaultTrustDomain;

    /// <summary>How long a workload certificate lives; clients renew at about half. <value>Default: 24 h.</value></summary>
    public TimeSpan WorkloadCertificateLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The clock; tests replace it.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
