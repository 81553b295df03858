using System.Globalization;
using Mesh.Policy.Resources.Security;

namespace Mesh.Client.Security.Authorization;

/// <summary>A compiled <c>to.operation</c>: every field given must match.</summary>
internal sealed class OperationPredicate : RequestPredicate
{
    private readonly HostSet? _hosts;
    private readonly HostSet? _notHosts;
    private readonly int[]? _ports;
    private readonly int[]? _notPorts;
    private readonly PatternSet? _methods;
    private readonly PatternSet? _notMethods;
    private readonly PatternSet? _paths;
    private readonly PatternSet? _notPaths;

    private OperationPredicate(Operation operation)
    {
        _hosts = HostSet.Create(operation.Hosts);
        _notHosts = HostSet.Create(operation.NotHosts);
        _ports = Ports(operation.Ports);
        _notPorts = Ports(operation.NotPorts);
        _methods = PatternSet.Create(operation.Methods);
        _notMethods = PatternSet.Create(operation.NotMethods);
        _paths = PatternSet.Create(operation.Paths);
        _notPaths = PatternSet.Create(operation.NotPaths);
    }

    public static OperationPredicate Create(Operation operation) => new(operation);

    public override bool Matches(in AuthorizationRequest request)
    {
        if (_methods is not null && !_methods.Matches(request.Method))
        {
            return false;
        }

        if (_notMethods is not null && _notMethods.Matches(request.Method))
        {
            return false;
        }

        if (_paths is not null && !_paths.Matches(request.Path))
        {
            return false;
        }

        if (_notPaths is not null && _notPaths.Matches(request.Path))
        {
            return false;
        }

        if (_ports is not null && Array.IndexOf(_ports, request.LocalPort) < 0)
        {
            return false;
        }

        if (_notPorts is not null && Array.IndexOf(_notPorts, request.LocalPort) >= 0)
        {
            return false;
        }

        if (_hosts is not null && !_hosts.Matches(request.Host))
        {
            return false;
        }

        return _notHosts is null || !_notHosts.Matches(request.Host);
    }

    internal static int[]? Ports(List<string>? ports)
    {
        if (ports is not { Count: > 0 })
        {
            return null;
        }

        var numbers = new int[ports.Count];
        for (var i = 0; i < numbers.Length; i++)
        {
            numbers[i] = int.Parse(ports[i], NumberStyles.None, CultureInfo.InvariantCulture);
        }

        return numbers;
    }
}
