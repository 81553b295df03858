using System.Text.Json.Serialization;

namespace BookInfo.Productpage;

/// <summary>A book in the store. Istio's productpage sells exactly one.</summary>
/// <param name="Id">Its id, passed to details, reviews and ratings.</param>
/// <param name="Title">The title.</param>
/// <param name="DescriptionHtml">The summary, as trusted HTML (it has a link and bold text).</param>
internal sealed record Product(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("descriptionHtml")] string DescriptionHtml)
{
    public static readonly Product ComedyOfErrors = new(
        0,
        "The Comedy of Errors",
        "<a href=\"https://en.wikipedia.org/wiki/The_Comedy_of_Errors\">Wikipedia Summary</a>: The Comedy of Errors is one of <b>William Shakespeare's</b> early plays. It is his shortest and one of his most farcical comedies, with a major part of the humour coming from slapstick and mistaken identity, in addition to puns and word play.");

    /// <summary>Every product: the JSON of <c>/api/v1/products</c>.</summary>
    public static readonly IReadOnlyList<Product> All = [ComedyOfErrors];
}
