using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace BookInfo.Productpage;

/// <summary>
/// Renders /productpage as Istio's productpage.html does: the book, its details, and its reviews with stars. The
/// reviews block carries <c>data-reviews-version</c> (empty when reviews did not answer), for scripts and tests.
/// </summary>
internal static class ProductPageView
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    public static string Render(ProductPageModel model)
    {
        var html = new StringBuilder(8 * 1024);
        PageLayout.Open(html, model.User);
        html.Append("<div class=\"container-fluid\">\n  <div class=\"row\">\n    <div class=\"col-md-12\">\n")
            .Append("      <h3 class=\"text-center text-primary\">").Append(Encoder.Encode(model.Product.Title)).Append("</h3>\n")
            .Append("      <p>Summary: ").Append(model.Product.DescriptionHtml).Append("</p>\n")
            .Append("    </div>\n  </div>\n\n  <div class=\"row\">\n");
        Details(html, model.Details);
        Reviews(html, model.Reviews);
        html.Append("  </div>\n</div>\n");
        PageLayout.Close(html);
        return html.ToString();
    }

    private static void Details(StringBuilder html, BookDetailsView? details)
    {
        html.Append("    <div class=\"col-md-6\" id=\"details\">\n");
        if (details is null)
        {
            Error(html, "Error fetching product details!", Unavailable.Details);
        }
        else
        {
            html.Append("      <h4 class=\"text-center text-primary\">Book Details</h4>\n      <dl>\n");
            Row(html, "Type:", details.Type);
            Row(html, "Pages:", details.Pages);
            Row(html, "Publisher:", details.Publisher);
            Row(html, "Language:", details.Language);
            Row(html, "ISBN-10:", details.Isbn10);
            Row(html, "ISBN-13:", details.Isbn13);
            html.Append("      </dl>\n");
        }

        html.Append("    </div>\n\n");
    }

    private static void Reviews(StringBuilder html, ReviewsView? reviews)
    {
        html.Append("    <div class=\"col-md-6\" id=\"reviews\" data-reviews-version=\"").Append(Encoder.Encode(reviews?.Version ?? "")).Append("\">\n");
        if (reviews is null)
        {
            Error(html, "Error fetching product reviews!", Unavailable.Reviews);
        }
        else
        {
            html.Append("      <h4 class=\"text-center text-primary\">Book Reviews</h4>\n");
            foreach (var review in reviews.Reviews ?? [])
            {
                Review(html, review);
            }

            html.Append("      <dl>\n        <dt>Reviews served by:</dt>\n        <u>").Append(Encoder.Encode(reviews.Podname ?? "")).Append("</u>");
            if (!string.IsNullOrEmpty(reviews.Clustername) && reviews.Clustername != "null")
            {
                html.Append(" on cluster <u>").Append(Encoder.Encode(reviews.Clustername)).Append("</u>");
            }

            html.Append("\n      </dl>\n");
        }

        html.Append("    </div>\n");
    }

    private static void Review(StringBuilder html, ReviewView review)
    {
        html.Append("      <blockquote>\n        <p>").Append(Encoder.Encode(review.Text ?? "")).Append("</p>\n")
            .Append("        <small>").Append(Encoder.Encode(review.Reviewer ?? "")).Append("</small>\n");
        if (review.Rating is { Stars: > 0 and var stars } rating)
        {
            // <font color> as in Istio's template: scripts look for color="red" and count glyphicon-star.
            var full = Math.Min(stars, 5);
            html.Append("        <font color=\"").Append(Encoder.Encode(rating.Color ?? "black")).Append("\">\n          ");
            for (var i = 0; i < full; i++)
            {
                html.Append(PageLayout.Icon("glyphicon glyphicon-star", "icon-star", filled: true));
            }

            for (var i = full; i < 5; i++)
            {
                html.Append(PageLayout.Icon("glyphicon glyphicon-star-empty", "icon-star", filled: false));
            }

            html.Append("\n        </font>\n");
        }
        else if (review.Rating?.Error is { } error)
        {
            html.Append("        <p><i>").Append(Encoder.Encode(error)).Append("</i></p>\n");
        }

        html.Append("      </blockquote>\n");
    }

    private static void Row(StringBuilder html, string label, string value) =>
        html.Append(CultureInfo.InvariantCulture, $"        <dt>{label}</dt><dd>{Encoder.Encode(value)}</dd>\n");

    private static void Error(StringBuilder html, string heading, string message) =>
        html.Append(CultureInfo.InvariantCulture, $"      <h4 class=\"text-center text-primary\">{heading}</h4>\n      <p>{message}</p>\n");
}
