using BenchmarkDotNet.Attributes;
using Mesh.Policy.Parsing;
using YamlDotNet.RepresentationModel;

namespace Mesh.Benchmarks;

/// <summary>
/// The control-plane cost of reading policy: Mesh's parse, bind and validate of a VirtualService with header
/// matches and a weighted split, against YamlDotNet merely loading the same text (the baseline). Not on the
/// request path; it bounds how fast an apply or a watch event is processed.
/// </summary>
[MemoryDiagnoser]
public class PolicyParsingBenchmarks
{
    private const string VirtualService = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: reviews
        spec:
          hosts:
          - reviews
          http:
          - match:
            - headers:
                end-user:
                  exact: jason
            route:
            - destination:
                host: reviews
                subset: v2
          - route:
            - destination:
                host: reviews
                subset: v1
              weight: 90
            - destination:
                host: reviews
                subset: v3
              weight: 10
            timeout: 3s
            retries:
              attempts: 2
              perTryTimeout: 1s
              retryOn: 5xx,connect-failure
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: reviews
        spec:
          host: reviews
          trafficPolicy:
            loadBalancer:
              simple: LEAST_REQUEST
          subsets:
          - name: v1
            labels:
              version: v1
          - name: v2
            labels:
              version: v2
          - name: v3
            labels:
              version: v3
        """;

    [Benchmark(Baseline = true)]
    public int YamlLoadOnly()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(VirtualService));
        return stream.Documents.Count;
    }

    [Benchmark]
    public int ParseBindAndValidate() => PolicyParser.Parse(VirtualService).Resources.Count;
}
