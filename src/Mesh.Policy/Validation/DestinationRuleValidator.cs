using Mesh.Policy.Resources.Networking;
using static Mesh.Policy.Validation.ValidationRules;

namespace Mesh.Policy.Validation;

/// <summary>Validates a DestinationRule spec.</summary>
internal static class DestinationRuleValidator
{
    public static void Validate(DestinationRuleSpec spec, DiagnosticBag bag)
    {
        if (spec.Host is not null)
        {
            Host(bag, "spec.host", spec.Host, allowWildcard: true);
        }

        TrafficPolicy(spec.TrafficPolicy, "spec.trafficPolicy", bag);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (spec.Subsets?.Count ?? 0); i++)
        {
            var subset = spec.Subsets![i];
            var path = Index("spec.subsets", i);
            if (subset.Name is { } name && !names.Add(name))
            {
                bag.Error(path + ".name", $"subset \"{name}\" is defined more than once");
            }

            Labels(bag, path + ".labels", subset.Labels);
            TrafficPolicy(subset.TrafficPolicy, path + ".trafficPolicy", bag);
        }
    }

    private static void TrafficPolicy(TrafficPolicy? policy, string path, DiagnosticBag bag)
    {
        if (policy is null)
        {
            return;
        }

        PolicyParts(policy.LoadBalancer, policy.ConnectionPool, policy.OutlierDetection, policy.Tls, path, bag);
        if (policy.RetryBudget is { } budget)
        {
            Percent(bag, path + ".retryBudget.percent", budget.Percent);
            NonNegative(bag, path + ".retryBudget.minRetryConcurrency", budget.MinRetryConcurrency);
        }

        var ports = new HashSet<int>();
        for (var i = 0; i < (policy.PortLevelSettings?.Count ?? 0); i++)
        {
            var portPolicy = policy.PortLevelSettings![i];
            var portPath = Index(path + ".portLevelSettings", i);
            if (portPolicy.Port is { } port)
            {
                Port(bag, portPath + ".port.number", port.Number);
                if (!ports.Add(port.Number))
                {
                    bag.Error(portPath + ".port.number", $"port {port.Number} has more than one setting");
                }
            }

            PolicyParts(portPolicy.LoadBalancer, portPolicy.ConnectionPool, portPolicy.OutlierDetection, portPolicy.Tls, portPath, bag);
        }
    }

    private static void PolicyParts(LoadBalancerSettings? loadBalancer, ConnectionPoolSettings? connectionPool, OutlierDetection? outlierDetection, ClientTlsSettings? clientTls, string path, DiagnosticBag bag)
    {
        if (loadBalancer is { } lb)
        {
            LoadBalancer(lb, path + ".loadBalancer", bag);
        }

        if (connectionPool is { } pool)
        {
            NonNegative(bag, path + ".connectionPool.tcp.maxConnections", pool.Tcp?.MaxConnections);
            NonNegative(bag, path + ".connectionPool.http.http1MaxPendingRequests", pool.Http?.Http1MaxPendingRequests);
            NonNegative(bag, path + ".connectionPool.http.http2MaxRequests", pool.Http?.Http2MaxRequests);
            NonNegative(bag, path + ".connectionPool.http.maxRequestsPerConnection", pool.Http?.MaxRequestsPerConnection);
            NonNegative(bag, path + ".connectionPool.http.maxRetries", pool.Http?.MaxRetries);
            NonNegative(bag, path + ".connectionPool.http.maxConcurrentStreams", pool.Http?.MaxConcurrentStreams);
            if (pool.Tcp?.ConnectTimeout is { } connect && connect.Value == TimeSpan.Zero)
            {
                bag.Error(path + ".connectionPool.tcp.connectTimeout", "must be greater than zero");
            }
        }

        if (outlierDetection is { } od)
        {
            var odPath = path + ".outlierDetection";
            NonNegative(bag, odPath + ".consecutiveGatewayErrors", od.ConsecutiveGatewayErrors);
            NonNegative(bag, odPath + ".consecutive5xxErrors", od.Consecutive5xxErrors);
            Range(bag, odPath + ".maxEjectionPercent", od.MaxEjectionPercent, 0, 100);
            Range(bag, odPath + ".minHealthPercent", od.MinHealthPercent, 0, 100);
            if (od.Interval is { } interval && interval.Value < TimeSpan.FromMilliseconds(1))
            {
                bag.Error(odPath + ".interval", "must be at least 1ms");
            }

            if (od.BaseEjectionTime is { } baseTime && baseTime.Value < TimeSpan.FromMilliseconds(1))
            {
                bag.Error(odPath + ".baseEjectionTime", "must be at least 1ms");
            }
        }

        if (clientTls is { } tls)
        {
            var tlsPath = path + ".tls";
            if (tls.Mode == TlsMode.Mutual && tls.CredentialName is null && (tls.ClientCertificate is null || tls.PrivateKey is null))
            {
                bag.Error(tlsPath, "mode MUTUAL needs clientCertificate and privateKey (or credentialName)");
            }

            if (tls.Mode is TlsMode.IstioMutual or TlsMode.Disable && (tls.ClientCertificate ?? tls.PrivateKey ?? tls.CaCertificates ?? tls.CredentialName) is not null)
            {
                bag.Error(tlsPath, $"certificate fields are not allowed with mode {(tls.Mode == TlsMode.Disable ? "DISABLE" : "ISTIO_MUTUAL")}");
            }
        }
    }

    private static void LoadBalancer(LoadBalancerSettings lb, string path, DiagnosticBag bag)
    {
        if (lb.Simple is not null && lb.ConsistentHash is not null)
        {
            bag.Error(path, "set only one of simple or consistentHash");
        }

        if (lb.Simple == SimpleLoadBalancer.Passthrough)
        {
            bag.Error(path + ".simple", "PASSTHROUGH is not supported by Mesh; use LEAST_REQUEST, ROUND_ROBIN or RANDOM");
        }

        if (lb.ConsistentHash is { } hash)
        {
            var keys = (hash.HttpHeaderName is null ? 0 : 1) + (hash.HttpCookie is null ? 0 : 1)
                + (hash.UseSourceIp == true ? 1 : 0) + (hash.HttpQueryParameterName is null ? 0 : 1);
            if (keys != 1)
            {
                bag.Error(path + ".consistentHash", "set exactly one of httpHeaderName, httpCookie, useSourceIp or httpQueryParameterName");
            }

            if (hash.RingHash is not null && hash.Maglev is not null)
            {
                bag.Error(path + ".consistentHash", "set only one of ringHash or maglev");
            }

            if (hash.HttpHeaderName is { } header)
            {
                HeaderName(bag, path + ".consistentHash.httpHeaderName", header);
            }

            if (hash.Maglev?.TableSize is { } size && (size < 1 || size > 5_000_011 || !IsPrime(size)))
            {
                bag.Error(path + ".consistentHash.maglev.tableSize", $"{size} must be a prime number no larger than 5000011 (e.g. 65537)");
            }

            if (hash.RingHash?.MinimumRingSize is { } ring && (ring < 1 || ring > 8_388_608))
            {
                bag.Error(path + ".consistentHash.ringHash.minimumRingSize", $"{ring} must be between 1 and 8388608");
            }
        }
    }

    private static bool IsPrime(long n)
    {
        if (n < 2)
        {
            return false;
        }

        for (long d = 2; d * d <= n; d++)
        {
            if (n % d == 0)
            {
                return false;
            }
        }

        return true;
    }
}
