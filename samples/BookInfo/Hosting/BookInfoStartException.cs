namespace BookInfo.Hosting;

/// <summary>BookInfo cannot start; the message says why and what to do, for the user to read.</summary>
internal sealed class BookInfoStartException : Exception
{
    public BookInfoStartException()
    {
    }

    public BookInfoStartException(string message)
        : base(message)
    {
    }

    public BookInfoStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The process exit code: 1 when something is in the way, 2 when the arguments are missing something.</summary>
    public int ExitCode { get; init; } = 1;
}
