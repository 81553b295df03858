using System.Globalization;
using Mesh.Client.Balancing;

namespace Mesh.Client.Tests.Balancing;

internal static class HashTableAssert
{
    /// <summary>How many of <paramref name="keys"/> keys land on a different endpoint (by key) in the two tables.</summary>
    public static int MovedKeys(ConsistentHashTable before, ConsistentHashTable after, int keys)
    {
        var moved = 0;
        for (var i = 0; i < keys; i++)
        {
            var hash = MeshHash.Hash("session-" + i.ToString(CultureInfo.InvariantCulture));
            if (before.Lookup(hash, null).Key != after.Lookup(hash, null).Key)
            {
                moved++;
            }
        }

        return moved;
    }
}
