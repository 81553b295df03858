namespace Mesh.Client.Balancing;

/// <summary>
/// The randomness the data plane uses (weighted splits, RANDOM and LEAST_REQUEST balancing, fault percentages).
/// <c>AddMesh</c> registers <see cref="Random.Shared"/> only when no implementation is registered yet, so an
/// application can register its own first, for example a seeded one that makes its tests reproducible.
/// </summary>
public interface IMeshRandom
{
    /// <summary>A uniformly distributed integer in [0, <paramref name="maxExclusive"/>).</summary>
    int Next(int maxExclusive);

    /// <summary>A uniformly distributed double in [0, 1).</summary>
    double NextDouble();
}

/// <summary>The default source: <see cref="Random.Shared"/> (thread-safe, no lock).</summary>
internal sealed class SharedMeshRandom : IMeshRandom
{
    /// <summary>The single instance.</summary>
    public static readonly SharedMeshRandom Instance = new();

    /// <inheritdoc />
    public int Next(int maxExclusive) => Random.Shared.Next(maxExclusive);

    /// <inheritdoc />
    public double NextDouble() => Random.Shared.NextDouble();
}

/// <summary>A seeded source for the tests. Thread-safe through a lock; not for production load.</summary>
internal sealed class SeededMeshRandom(int seed) : IMeshRandom
{
    private readonly Random _random = new(seed);
    private readonly Lock _lock = new();

    /// <inheritdoc />
    public int Next(int maxExclusive)
    {
        lock (_lock)
        {
            return _random.Next(maxExclusive);
        }
    }

    /// <inheritdoc />
    public double NextDouble()
    {
        lock (_lock)
        {
            return _random.NextDouble();
        }
    }
}
