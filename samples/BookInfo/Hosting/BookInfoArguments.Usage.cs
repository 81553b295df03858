namespace BookInfo.Hosting;

internal sealed partial record BookInfoArguments
{
    /// <summary>The --help text.</summary>
    public const string Usage = """
        BookInfo: Istio's BookInfo sample on Mesh.

        Usage:
          dotnet run --project samples/BookInfo [-- OPTIONS]

          (no mode)                 the control server and all six services in this process
          --service NAME            one service, joining a control server that runs elsewhere
          --control-plane-only      only the control server (with the version subsets applied)

        Options:
          --service NAME            productpage, details, reviews or ratings
          --version V               the version to run: v1 (default); reviews also has v2 and v3; details
                                    also has v2 (books from www.googleapis.com, not started by default)
          --port N                  the one service's port (default: its fixed port below; 0 picks a free one)
          --base-port N             moves all the ports: productpage N, details N+1, reviews v1 N+2, v2 N+3,
                                    v3 N+4, ratings N+5, details v2 N+6 (default 9080; 0 picks free ports)
          --control-plane URL       where the control server listens, or where a service finds it
                                    (default http://127.0.0.1:15010)
          --join-token T            the join token (default: $MESH_JOIN_TOKEN, else DATA_DIR/join.token)
          --data-dir DIR            the control server's data directory (default ./mesh-data)
          --outbound-traffic-policy M
                                    ALLOW_ANY (default: calls to hosts the mesh does not know pass) or
                                    REGISTRY_ONLY (only hosts a ServiceEntry admits), as Istio's mesh option
          --access-log              the mesh access log: one line per request each service serves or sends
          --trace-log               each service logs the spans it records (trace, span, parent), a trace
                                    viewer without Jaeger; OpenTelemetry users AddSource("Mesh") instead
          -h, --help                this text

        Ports by default: productpage 9080, details 9081, reviews v1 9082, v2 9083, v3 9084, ratings 9085
        (and details v2 9086).
        One process per service:
          dotnet run --project samples/BookInfo -- --control-plane-only
          dotnet run --project samples/BookInfo -- --service reviews --version v2
        Walkthrough: docs/bookinfo.md
        """;
}
