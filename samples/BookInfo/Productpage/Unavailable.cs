namespace BookInfo.Productpage;

/// <summary>Istio's productpage's messages for a backend that did not answer, word for word: scripts and tutorials look for them.</summary>
internal static class Unavailable
{
    public const string Details = "Sorry, product details are currently unavailable for this book.";

    public const string Reviews = "Sorry, product reviews are currently unavailable for this book.";

    public const string Ratings = "Sorry, product ratings are currently unavailable for this book.";
}
