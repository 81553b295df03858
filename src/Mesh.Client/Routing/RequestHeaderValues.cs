using System.Net.Http.Headers;
using System.Runtime.CompilerServices;

namespace Mesh.Client.Routing;

/// <summary>
/// The values of the headers that a service's route conditions name, each looked up in the request at most once,
/// the first time a condition asks, so that routes which test the same header (five routes on <c>end-user</c>, say)
/// do not each look it up. A condition outside the service's slots is looked up directly.
/// </summary>
/// <remarks>
/// Why: a lookup by name in <see cref="HttpRequestHeaders"/> validates the name and searches the header store, about
/// 20–25 ns each, and walking routes that test headers made those lookups the largest part of matching. Lookups stay
/// by name (rather than one pass over every header) because enumerating would also format headers that the
/// application set as typed values, which no condition asked for.
/// </remarks>
internal struct RequestHeaderValues
{
    /// <summary>The most header names a service's conditions can share slots for; more are looked up directly.</summary>
    public const int MaxSlots = 8;

    private readonly HttpRequestMessage _request;
    private readonly string[] _names;
    private Slots _values;
    private int _found;
    private int _looked;

    /// <param name="request">The request being routed.</param>
    /// <param name="names">The service's header names (<see cref="CompiledService.HeaderNames"/>), slot by slot.</param>
    public RequestHeaderValues(HttpRequestMessage request, string[] names)
    {
        _request = request;
        _names = names;
    }

    /// <summary>The value of header <paramref name="name"/> (several lines joined with a comma), if the request has it.</summary>
    /// <param name="name">The header's name.</param>
    /// <param name="slot">Its slot in the service's names, or -1.</param>
    /// <param name="value">The value.</param>
    public bool TryGet(string name, int slot, out string value)
    {
        if ((uint)slot >= (uint)_names.Length || !ReferenceEquals(_names[slot], name))
        {
            return TryLookUp(_request, name, out value);
        }

        var bit = 1 << slot;
        if ((_looked & bit) == 0)
        {
            _looked |= bit;
            if (TryLookUp(_request, name, out var found))
            {
                _values[slot] = found;
                _found |= bit;
            }
        }

        value = _values[slot] ?? "";
        return (_found & bit) != 0;
    }

    /// <summary>A direct lookup by name.</summary>
    private static bool TryLookUp(HttpRequestMessage request, string name, out string value)
    {
        if (request.Headers.NonValidated.TryGetValues(name, out var values))
        {
            value = Join(values);
            return true;
        }

        value = "";
        return false;
    }

    // Envoy matches a header's whole value (several lines joined); .NET may hold a parsed header such as
    // User-Agent as separate tokens, so join them back rather than matching token by token.
    private static string Join(HeaderStringValues values)
    {
        if (values.Count != 1)
        {
            return values.ToString();
        }

        foreach (var value in values)
        {
            return value;
        }

        return "";
    }

    [InlineArray(MaxSlots)]
    private struct Slots
    {
        private string? _value;
    }
}
