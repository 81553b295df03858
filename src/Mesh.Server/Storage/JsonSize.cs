using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mesh.Server.Storage;

/// <summary>The size of a JSON value as compact UTF-8, measured without keeping the text (one small reused buffer).</summary>
internal static class JsonSize
{
    public static long Of(JsonNode node)
    {
        var counter = new CountingBufferWriter();
        using (var writer = new Utf8JsonWriter(counter))
        {
            node.WriteTo(writer);
        }

        return counter.Count;
    }

    // Hands the writer the same buffer again and again and only adds up what it wrote.
    private sealed class CountingBufferWriter : IBufferWriter<byte>
    {
        private byte[] _buffer = new byte[4096];

        public long Count { get; private set; }

        public void Advance(int count) => Count += count;

        public Memory<byte> GetMemory(int sizeHint = 0) => Buffer(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => Buffer(sizeHint);

        private byte[] Buffer(int sizeHint)
        {
            if (sizeHint > _buffer.Length)
            {
                _buffer = new byte[sizeHint];
            }

            return _buffer;
        }
    }
}
