using BenchmarkDotNet.Attributes;
using Mesh.Client.Routing;
using Mesh.Policy.Resources;

namespace Mesh.Benchmarks.Experiments;

/// <summary>
/// Experiment: the unit operations of route matching (RequestMatcher), against one ordinal string comparison.
/// </summary>
// Kept: it backs two rules of the route walk (docs/performance.md): each header name is looked up once per
// request, since a lookup costs about twenty ordinal comparisons, and a regex condition tests its literal prefix
// before the regex engine.
[MemoryDiagnoser]
public class MatchingStepsBenchmarks
{
    private readonly HttpRequestMessage _request = new(HttpMethod.Get, BenchmarkPolicy.MeshUrl);
    private readonly System.Text.RegularExpressions.Regex _regex = new("^(?:/reviews/[0-9]+)$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Compiled, TimeSpan.FromMilliseconds(100));

    private readonly StringMatcher _regexCondition = StringMatcher.Create(new StringMatch { Regex = "/reviews/[0-9]+" });

    private string _value = BenchmarkPolicy.UserValue;

    [GlobalSetup]
    public void Setup() => _request.Headers.TryAddWithoutValidation(BenchmarkPolicy.UserHeader, BenchmarkPolicy.UserValue);

    [GlobalCleanup]
    public void Cleanup() => _request.Dispose();

    [Benchmark(Baseline = true)]
    public bool OrdinalCompare() => string.Equals(_value, "user1", StringComparison.Ordinal);

    /// <summary>One header condition: look the header up by name and compare its value(s).</summary>
    [Benchmark]
    public bool HeaderLookupAndCompare()
    {
        if (!_request.Headers.NonValidated.TryGetValues(BenchmarkPolicy.UserHeader, out var values))
        {
            return false;
        }

        foreach (var value in values)
        {
            if (string.Equals(value, "user1", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A header condition on a header the request does not carry.</summary>
    [Benchmark]
    public bool AbsentHeaderLookup() => _request.Headers.NonValidated.TryGetValues("x-canary", out _);

    /// <summary>The uri regex condition on the path <c>/</c>.</summary>
    [Benchmark]
    public bool RegexOnPath() => _regex.IsMatch(_request.RequestUri!.AbsolutePath);

    /// <summary>The same condition as the mesh compiles it: its literal prefix <c>/reviews/</c> is tested first.</summary>
    [Benchmark]
    public bool RegexConditionOnPath() => _regexCondition.Matches(_request.RequestUri!.AbsolutePath);
}
