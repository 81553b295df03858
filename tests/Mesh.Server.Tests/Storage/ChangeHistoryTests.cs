using System.Text.Json;
using System.Text.Json.Nodes;
using Mesh.Policy.Api;
using Mesh.Policy.Serialization;
using Mesh.Server.Storage;

namespace Mesh.Server.Tests.Storage;

public class ChangeHistoryTests
{
    [Fact]
    public void Append_OverTheByteLimit_DropsTheOldestCommitsAndStaleWatchersResync()
    {
        var size = JsonSize.Of(Resource("reviews", 0).Json);
        var history = new ChangeHistory(capacity: 10_000, maxBytes: (size * 7) / 2, startRevision: 0); // room for 3

        for (var revision = 1; revision <= 5; revision++)
        {
            history.Append(revision, [new ChangeEvent(ChangeType.Modified, revision, Resource("reviews", revision))]);
        }

        var kept = history.Since(2, _ => true);
        Assert.False(kept.Resync);
        Assert.Equal([3L, 4L, 5L], kept.Events.Select(e => e.Revision));
        Assert.True(history.Since(1, _ => true).Resync);
        Assert.Equal(3 * size, history.Bytes);
    }

    [Fact]
    public void Append_OneCommitLargerThanTheLimit_KeepsNothingAndEveryEarlierWatcherResyncs()
    {
        var small = Resource("ratings", 1);
        var history = new ChangeHistory(capacity: 10_000, maxBytes: JsonSize.Of(small.Json) * 2, startRevision: 0);
        history.Append(1, [new ChangeEvent(ChangeType.Added, 1, small)]);

        history.Append(2, [new ChangeEvent(ChangeType.Added, 2, Resource("reviews", 2, padding: 100_000))]);

        Assert.True(history.Since(1, _ => true).Resync);
        Assert.False(history.Since(2, _ => true).Resync);
        Assert.Equal(0, history.Bytes);
    }

    [Fact]
    public void JsonSize_IsTheLengthOfTheCompactUtf8Text()
    {
        var json = Resource("reviews", 1, padding: 50_000).Json;

        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(json).Length, JsonSize.Of(json));
    }

    private static StoredResource Resource(string name, long revision, int padding = 2_000)
    {
        var json = new JsonObject
        {
            ["apiVersion"] = "networking.istio.io/v1",
            ["kind"] = "VirtualService",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = "default",
                ["annotations"] = new JsonObject { ["pad"] = new string((char)('a' + (revision % 26)), padding) + "é\"" },
            },
            ["spec"] = JsonNode.Parse($$$"""{"hosts":["{{{name}}}"],"http":[{"route":[{"destination":{"host":"{{{name}}}"}}]}]}"""),
        };
        var resource = ResourceJson.Read(json);
        return new StoredResource(resource, PolicySerializer.ToJsonNode(resource), revision, revision);
    }
}
