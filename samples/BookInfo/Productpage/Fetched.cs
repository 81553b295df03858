namespace BookInfo.Productpage;

/// <summary>What a backend answered: its status (500 when it did not answer at all) and, with 200, the body.</summary>
internal readonly record struct Fetched(int Status, string? Body)
{
    public bool IsOk => Status == StatusCodes.Status200OK && Body is not null;
}
