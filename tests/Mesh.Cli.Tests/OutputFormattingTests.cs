using Mesh.Cli.Output;

namespace Mesh.Cli.Tests;

public class OutputFormattingTests
{
    [Theory]
    [InlineData(0, "0s")]
    [InlineData(119, "119s")]
    [InlineData(120, "2m")]
    [InlineData(5 * 60 + 12, "5m12s")]
    [InlineData(90 * 60, "90m")]
    [InlineData(3 * 3600 + 20 * 60, "3h20m")]
    [InlineData(30 * 3600, "30h")]
    [InlineData(3 * 86400 + 4 * 3600, "3d4h")]
    [InlineData(40 * 86400, "40d")]
    [InlineData(3 * 365 * 86400 + 10 * 86400, "3y10d")]
    [InlineData(-5, "0s")]
    public void Age_Format_FollowsKubectl(int seconds, string expected) =>
        Assert.Equal(expected, Age.Format(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void TableWriter_AlignsColumnsWithThreeSpacesAndNoTrailingBlanks()
    {
        var table = new TableWriter(["NAME", "HOSTS", "AGE"]);
        table.AddRow(["reviews", "reviews,reviews.bookinfo", "5m"]);
        table.AddRow(["a", "b", "90d"]);
        using var writer = new StringWriter { NewLine = "\n" };

        table.Write(writer);

        Assert.Equal(
            "NAME      HOSTS                      AGE\n" +
            "reviews   reviews,reviews.bookinfo   5m\n" +
            "a         b                          90d\n",
            writer.ToString());
    }
}
