using System.Globalization;

namespace Mesh.Policy.Resources.Networking;

/// <summary>
/// A <c>retryOn</c> list read once: its named conditions as flags and its status codes, plus what Mesh cannot
/// honour in it. The one vocabulary of the validator (which reports <see cref="Problems"/>) and the client (which
/// reads <see cref="Triggers"/> and <see cref="StatusCodes"/>).
/// </summary>
public sealed class RetryOnConditions
{
    /// <summary>Istio's conditions when a route says nothing about retries.</summary>
    public const string IstioDefault = "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes,503";

    private static readonly Dictionary<string, RetryTriggers> Names = new(StringComparer.Ordinal)
    {
        ["5xx"] = RetryTriggers.Any5xx,
        ["gateway-error"] = RetryTriggers.GatewayError,
        ["reset"] = RetryTriggers.Reset,
        ["reset-before-request"] = RetryTriggers.ResetBeforeRequest,
        ["http3-post-connect-failure"] = RetryTriggers.Http3PostConnectFailure,
        ["connect-failure"] = RetryTriggers.ConnectFailure,
        ["refused-stream"] = RetryTriggers.RefusedStream,
        ["retriable-4xx"] = RetryTriggers.Retriable4xx,
        ["retriable-status-codes"] = RetryTriggers.RetriableStatusCodes,
        ["cancelled"] = RetryTriggers.Cancelled,
        ["deadline-exceeded"] = RetryTriggers.DeadlineExceeded,
        ["resource-exhausted"] = RetryTriggers.ResourceExhausted,
        ["internal"] = RetryTriggers.Internal,
        ["unavailable"] = RetryTriggers.Unavailable,
    };

    private RetryOnConditions(string text, RetryTriggers triggers, int[] statusCodes, string[] problems)
    {
        Text = text;
        Triggers = triggers;
        StatusCodes = statusCodes;
        Problems = problems;
    }

    /// <summary>Istio's default conditions, read.</summary>
    public static RetryOnConditions Default { get; } = Parse(IstioDefault);

    /// <summary>The list as written.</summary>
    public string Text { get; }

    /// <summary>The named conditions in the list.</summary>
    public RetryTriggers Triggers { get; }

    /// <summary>The numeric entries, in the order written (Istio retries these response codes).</summary>
    public IReadOnlyList<int> StatusCodes { get; }

    /// <summary>One message per entry Mesh cannot honour (empty, not a status code, unsupported, unknown); empty when valid.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>
    /// Reads a comma-separated <c>retryOn</c> list; entries are trimmed. Never throws: what cannot be honoured is
    /// left out of the value and described in <see cref="Problems"/>.
    /// </summary>
    /// <param name="text">The list, e.g. <c>5xx,connect-failure,503</c>.</param>
    public static RetryOnConditions Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var triggers = RetryTriggers.None;
        var codes = new List<int>();
        var problems = new List<string>();
        foreach (var raw in text.Split(','))
        {
            var condition = raw.Trim();
            if (condition.Length == 0)
            {
                problems.Add("empty condition in the comma-separated list");
            }
            else if (int.TryParse(condition, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            {
                codes.Add(code);
                if (code is < 100 or > 599)
                {
                    problems.Add($"{code} is not an HTTP status code");
                }
            }
            else if (Names.TryGetValue(condition, out var named))
            {
                triggers |= named;
            }
            else if (condition is "retriable-headers" or "envoy-ratelimited")
            {
                problems.Add($"\"{condition}\" is not supported by Mesh");
            }
            else
            {
                problems.Add($"unknown retry condition \"{condition}\"; use 5xx, gateway-error, reset, connect-failure, refused-stream, retriable-4xx, retriable-status-codes or status codes");
            }
        }

        return new RetryOnConditions(text, triggers, [.. codes], [.. problems]);
    }

    /// <summary>True when any of <paramref name="triggers"/> is in the list.</summary>
    /// <param name="triggers">One or more conditions.</param>
    public bool HasAny(RetryTriggers triggers) => (Triggers & triggers) != 0;

    /// <summary>The list as written.</summary>
    public override string ToString() => Text;
}
