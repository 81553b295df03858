namespace BookInfo.Hosting;

/// <summary>
/// Splits a command line into known options (<c>--name value</c>, <c>--name=value</c>, or flags). Unknown
/// options, missing values and repeated options are errors: a typo should never be silently ignored.
/// </summary>
internal sealed class OptionReader(IReadOnlyList<string> args)
{
    private static readonly HashSet<string> ValueOptions = new(StringComparer.Ordinal)
    {
        "--service", "--version", "--port", "--base-port", "--control-plane", "--join-token", "--data-dir", "--outbound-traffic-policy",
    };

    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "--control-plane-only", "--access-log", "--trace-log" };

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    /// <summary>True when <c>-h</c> or <c>--help</c> was given.</summary>
    public bool Help { get; private set; }

    /// <summary>Reads every argument; returns the first problem, or null.</summary>
    public string? Read()
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help" or "-?")
            {
                Help = true;
                continue;
            }

            var equals = arg.StartsWith("--", StringComparison.Ordinal) ? arg.IndexOf('=', StringComparison.Ordinal) : -1;
            var name = equals > 0 ? arg[..equals] : arg;
            string value;
            if (Flags.Contains(name))
            {
                if (equals > 0)
                {
                    return $"{name} takes no value";
                }

                value = "";
            }
            else if (ValueOptions.Contains(name))
            {
                if (equals > 0)
                {
                    value = arg[(equals + 1)..];
                }
                else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    value = args[++i];
                }
                else
                {
                    return $"{name} needs a value";
                }
            }
            else
            {
                return arg.StartsWith('-')
                    ? $"unknown option \"{arg}\"; the options are {string.Join(", ", ValueOptions)}, {string.Join(", ", Flags)} and --help"
                    : $"unexpected argument \"{arg}\"; options start with -- (for example --service {arg})";
            }

            if (!_values.TryAdd(name, value))
            {
                return $"{name} is given twice";
            }
        }

        return null;
    }

    /// <summary>Whether the option (or flag) was given.</summary>
    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>The option's value, or null when it was not given.</summary>
    public string? Value(string name) => _values.GetValueOrDefault(name);
}
