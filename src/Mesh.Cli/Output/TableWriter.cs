namespace Mesh.Cli.Output;

/// <summary>
/// A plain-text table in kubectl's layout: upper-case headers, left-aligned columns separated by three spaces,
/// no borders, so that <c>awk</c> and <c>column</c> work on it.
/// </summary>
internal sealed class TableWriter
{
    private const int Gap = 3;

    private readonly string[] _headers;
    private readonly List<string[]> _rows = [];

    public TableWriter(IReadOnlyList<string> headers) => _headers = [.. headers];

    public int RowCount => _rows.Count;

    public void AddRow(IReadOnlyList<string> cells)
    {
        if (cells.Count != _headers.Length)
        {
            throw new ArgumentException($"a row has {cells.Count} cells; the table has {_headers.Length} columns", nameof(cells));
        }

        _rows.Add([.. cells]);
    }

    public void Write(TextWriter writer)
    {
        var widths = new int[_headers.Length];
        Measure(_headers, widths);
        foreach (var row in _rows)
        {
            Measure(row, widths);
        }

        WriteLine(writer, _headers, widths);
        foreach (var row in _rows)
        {
            WriteLine(writer, row, widths);
        }
    }

    private static void Measure(string[] cells, int[] widths)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            widths[i] = Math.Max(widths[i], cells[i].Length);
        }
    }

    private static void WriteLine(TextWriter writer, string[] cells, int[] widths)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            // The last column is not padded: no trailing spaces.
            writer.Write(i == cells.Length - 1 ? cells[i] : cells[i].PadRight(widths[i] + Gap));
        }

        writer.WriteLine();
    }
}
