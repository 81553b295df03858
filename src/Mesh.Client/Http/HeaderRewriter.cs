using Mesh.Policy.Resources.Networking;

namespace Mesh.Client.Http;

/// <summary>Compiled header operations for requests and responses (set, add, remove).</summary>
internal sealed class HeaderRewriter
{
    private readonly KeyValuePair<string, string>[] _requestSet;
    private readonly KeyValuePair<string, string>[] _requestAdd;
    private readonly string[] _requestRemove;
    private readonly KeyValuePair<string, string>[] _responseSet;
    private readonly KeyValuePair<string, string>[] _responseAdd;
    private readonly string[] _responseRemove;

    private HeaderRewriter(Headers headers)
    {
        _requestSet = [.. headers.Request?.Set ?? []];
        _requestAdd = [.. headers.Request?.Add ?? []];
        _requestRemove = [.. headers.Request?.Remove ?? []];
        _responseSet = [.. headers.Response?.Set ?? []];
        _responseAdd = [.. headers.Response?.Add ?? []];
        _responseRemove = [.. headers.Response?.Remove ?? []];
    }

    public static HeaderRewriter? Create(Headers? headers) =>
        headers is null || (headers.Request is null && headers.Response is null) ? null : new HeaderRewriter(headers);

    public void ApplyToRequest(HttpRequestMessage request)
    {
        foreach (var name in _requestRemove)
        {
            request.Headers.Remove(name);
        }

        foreach (var (name, value) in _requestSet)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }

        foreach (var (name, value) in _requestAdd)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }

    public void ApplyToResponse(HttpResponseMessage response)
    {
        foreach (var name in _responseRemove)
        {
            response.Headers.Remove(name);
            response.Content?.Headers.Remove(name);
        }

        foreach (var (name, value) in _responseSet)
        {
            response.Headers.Remove(name);
            response.Headers.TryAddWithoutValidation(name, value);
        }

        foreach (var (name, value) in _responseAdd)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }
    }
}
