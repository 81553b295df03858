using System.Net;
using System.Reflection;
using Mesh.Client;
using Mesh.Client.Routing;

namespace Mesh.Benchmarks.Experiments;

/// <summary>
/// A terminal handler without I/O: a new 200 response per request, after a <see cref="Task.Yield"/> when asked, so
/// that every async method above it completes asynchronously as it does over a socket (that is when async state
/// machines are boxed on the heap).
/// </summary>
// Kept: AllocationProfile and MeshHandlerInMemoryBenchmarks send through it.
internal sealed class InMemoryTerminal(bool yield) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        yield ? SendYieldingAsync(request) : Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request });

    private static async Task<HttpResponseMessage> SendYieldingAsync(HttpRequestMessage request)
    {
        await Task.Yield();
        return new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request };
    }

    /// <summary>
    /// Points every endpoint pool of the runtime's compiled snapshot at <paramref name="handler"/>. An experiment's
    /// hook: the per-endpoint pools (in SubsetTarget's private <c>_slots</c>, filled from MeshTransport at compile
    /// time) have no seam, so they are replaced through reflection; re-run after each compile.
    /// </summary>
    public static void Install(MeshRuntime runtime, HttpMessageHandler handler)
    {
        const string Missing = "SubsetTarget no longer keeps its pools in _slots (an array of EndpointSlot: Pool, Health, Tls); update this experiment.";
        var field = typeof(SubsetTarget).GetField("_slots", BindingFlags.Instance | BindingFlags.NonPublic) ?? throw new InvalidOperationException(Missing);
        var invoker = new HttpMessageInvoker(handler, disposeHandler: true);
        foreach (var target in runtime.Snapshot.Targets)
        {
            if (field.GetValue(target) is not Array slots)
            {
                throw new InvalidOperationException(Missing);
            }

            for (var i = 0; i < slots.Length; i++)
            {
                var slot = slots.GetValue(i)!;
                var health = slot.GetType().GetProperty("Health")?.GetValue(slot);
                slots.SetValue(Activator.CreateInstance(slot.GetType(), invoker, health, null) ?? throw new InvalidOperationException(Missing), i);
            }
        }
    }
}
