using Mesh.Client.Balancing;
using Mesh.Policy.Resources.Networking;
using static Mesh.Client.Tests.Balancing.TestEndpoints;

namespace Mesh.Client.Tests.Balancing;

public class ConsistentHashKeyTests
{
    [Fact]
    public void TryGetHash_HeaderPresent_HashesItsValue()
    {
        var key = new ConsistentHashKey(HashKeyKind.Header, "X-User");

        Assert.True(key.TryGetHash(HeaderContext("x-user", "bob"), out var hash));
        Assert.Equal(MeshHash.Hash("bob"), hash);
    }

    [Fact]
    public void TryGetHash_HeaderAbsent_ReturnsFalse()
    {
        var key = new ConsistentHashKey(HashKeyKind.Header, "x-user");

        Assert.False(key.TryGetHash(HeaderContext("x-other", "bob"), out _));
    }

    [Fact]
    public void TryGetHash_HeaderWithSeveralValues_IgnoresTheirOrder()
    {
        var key = new ConsistentHashKey(HashKeyKind.Header, "x-user");
        var ab = Context();
        ab.Request.Headers.TryAddWithoutValidation("x-user", ["a", "b"]);
        var ba = Context();
        ba.Request.Headers.TryAddWithoutValidation("x-user", ["b", "a"]);

        Assert.True(key.TryGetHash(ab, out var abHash));
        Assert.True(key.TryGetHash(ba, out var baHash));
        Assert.Equal(abHash, baHash);
        Assert.NotEqual(MeshHash.Hash("a"), abHash);
    }

    [Fact]
    public void TryGetHash_ContentHeader_IsRead()
    {
        var key = new ConsistentHashKey(HashKeyKind.Header, "Content-Language");
        var context = Context();
        context.Request.Content = new StringContent("x");
        context.Request.Content.Headers.TryAddWithoutValidation("Content-Language", "fr");

        Assert.True(key.TryGetHash(context, out var hash));
        Assert.Equal(MeshHash.Hash("fr"), hash);
    }

    [Theory]
    [InlineData("user=bob", "bob")]
    [InlineData("a=1; user=bob; c=3", "bob")]
    [InlineData("a=1;user=bob", "bob")]
    [InlineData("a=1; user = \"bob\" ", "bob")]
    [InlineData("username=alice; user=bob", "bob")]
    public void TryGetHash_CookiePresent_HashesItsValue(string header, string expected)
    {
        var key = new ConsistentHashKey(HashKeyKind.Cookie, "user");

        Assert.True(key.TryGetHash(HeaderContext("Cookie", header), out var hash));
        Assert.Equal(MeshHash.Hash(expected), hash);
    }

    [Theory]
    [InlineData("a=1; b=2")]
    [InlineData("User=bob")]
    [InlineData("user=")]
    [InlineData("xuser=bob")]
    public void TryGetHash_CookieAbsentOrEmpty_ReturnsFalse(string header)
    {
        var key = new ConsistentHashKey(HashKeyKind.Cookie, "user");

        Assert.False(key.TryGetHash(HeaderContext("Cookie", header), out _));
    }

    [Fact]
    public void TryGetHash_CookieInSecondCookieHeader_IsFound()
    {
        var key = new ConsistentHashKey(HashKeyKind.Cookie, "user");
        var context = Context();
        context.Request.Headers.TryAddWithoutValidation("Cookie", ["a=1", "user=bob"]);

        Assert.True(key.TryGetHash(context, out var hash));
        Assert.Equal(MeshHash.Hash("bob"), hash);
    }

    [Theory]
    [InlineData("http://svc/p?user=bob", "bob")]
    [InlineData("http://svc/p?a=1&user=bob&c", "bob")]
    [InlineData("http://svc/p?user=bob&user=alice", "bob")]
    [InlineData("http://svc/p?flag&user", "")]
    [InlineData("/p?a=1&user=bob#frag", "bob")]
    public void TryGetHash_QueryParameterPresent_HashesItsValue(string uri, string expected)
    {
        var key = new ConsistentHashKey(HashKeyKind.QueryParameter, "user");
        var context = new PickContext(new HttpRequestMessage(HttpMethod.Get, new Uri(uri, UriKind.RelativeOrAbsolute)), null, null);

        Assert.True(key.TryGetHash(context, out var hash));
        Assert.Equal(MeshHash.Hash(expected), hash);
    }

    [Theory]
    [InlineData("http://svc/p")]
    [InlineData("http://svc/p?username=bob")]
    [InlineData("http://svc/p?a=user")]
    public void TryGetHash_QueryParameterAbsent_ReturnsFalse(string uri)
    {
        var key = new ConsistentHashKey(HashKeyKind.QueryParameter, "user");

        Assert.False(key.TryGetHash(new PickContext(new HttpRequestMessage(HttpMethod.Get, uri), null, null), out _));
    }

    [Fact]
    public void TryGetHash_SourceAddress_HashesIt()
    {
        var key = new ConsistentHashKey(HashKeyKind.SourceIp, null);

        Assert.True(key.TryGetHash(Context(sourceAddress: "10.1.2.3"), out var hash));
        Assert.Equal(MeshHash.Hash("10.1.2.3"), hash);
        Assert.False(key.TryGetHash(Context(), out _));
    }

    [Fact]
    public void From_EachIstioKey_ReadsFromTheRightPlace()
    {
        Assert.Equal(HashKeyKind.Header, ConsistentHashKey.From(new ConsistentHashSettings { HttpHeaderName = "x-user" }).Kind);
        Assert.Equal("sid", ConsistentHashKey.From(new ConsistentHashSettings { HttpCookie = new HttpCookie { Name = "sid" } }).Name);
        Assert.Equal(HashKeyKind.QueryParameter, ConsistentHashKey.From(new ConsistentHashSettings { HttpQueryParameterName = "u" }).Kind);
        Assert.Equal(HashKeyKind.SourceIp, ConsistentHashKey.From(new ConsistentHashSettings { UseSourceIp = true }).Kind);
    }

    [Fact]
    public void From_NoKeyOrTwoKeys_Throws()
    {
        Assert.Throws<ArgumentException>(() => ConsistentHashKey.From(new ConsistentHashSettings { UseSourceIp = false }));
        Assert.Throws<ArgumentException>(() => ConsistentHashKey.From(new ConsistentHashSettings { HttpHeaderName = "a", HttpQueryParameterName = "b" }));
    }
}
