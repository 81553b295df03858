using Mesh.Client.Telemetry;
using Mesh.Client.Telemetry.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Client.Tests.Telemetry;

public sealed class TelemetryOptionsTests
{
    [Theory]
    [InlineData("all", true, false)]
    [InlineData("errors", true, true)]
    [InlineData("off", false, false)]
    public void MeshAccessLog_FromEnvironment(string value, bool enabled, bool errorsOnly)
    {
        var options = new MeshOptions();
        MeshEnvironment.Apply(options, name => name == "MESH_ACCESS_LOG" ? value : null);
        Assert.Equal(enabled, options.AccessLog.Enabled);
        Assert.Equal(errorsOnly, options.AccessLog.ErrorsOnly);
    }

    [Fact]
    public void MeshTracePropagation_FromEnvironment_CombinesFormats_AndRejectsUnknownOnes()
    {
        var options = new MeshOptions();
        Assert.Equal(TracePropagation.W3C | TracePropagation.B3Multi, options.TracePropagation);

        MeshEnvironment.Apply(options, name => name == "MESH_TRACE_PROPAGATION" ? "b3, w3c" : null);
        Assert.Equal(TracePropagation.B3Single | TracePropagation.W3C, options.TracePropagation);

        var error = Assert.Throws<MeshConfigurationException>(() => MeshEnvironment.Apply(options, name => name == "MESH_TRACE_PROPAGATION" ? "jaeger" : null));
        Assert.Contains("\"jaeger\" is not one of w3c, b3multi, b3, none", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("productpage;v1;default", true, "productpage", "v1", "default")]
    [InlineData("ratings;;bookinfo", true, "ratings", null, "bookinfo")]
    [InlineData("productpage;v1", false, "", null, "")]
    [InlineData("a b;v1;default", false, "", null, "")]
    [InlineData(";v1;default", false, "", null, "")]
    public void PeerMetadata_Parse(string value, bool valid, string app, string? version, string ns)
    {
        Assert.Equal(valid, PeerMetadata.TryParse(value, out var a, out var v, out var n));
        Assert.Equal(app, a);
        Assert.Equal(version, v);
        Assert.Equal(ns, n);
    }

    [Fact]
    public void PeerTable_AdmitsABoundedNumberOfDistinctCallers_AndKeepsAdmittingKnownOnes()
    {
        var table = new PeerTable(capacity: 2);
        Assert.True(table.Admit("a;v1;default"));
        Assert.True(table.Admit("b;v1;default"));
        Assert.False(table.Admit("c;v1;default"));
        Assert.True(table.Admit("a;v1;default"));
    }
}
