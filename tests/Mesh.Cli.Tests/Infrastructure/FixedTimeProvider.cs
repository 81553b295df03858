namespace Mesh.Cli.Tests.Infrastructure;

/// <summary>A clock that always reads the same instant, so AGE columns are predictable.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
