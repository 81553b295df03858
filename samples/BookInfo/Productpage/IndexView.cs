using System.Text;

namespace BookInfo.Productpage;

/// <summary>The index page (/), as Istio's: what BookInfo is made of, and links to the product page.</summary>
internal static class IndexView
{
    public static string Render()
    {
        var html = new StringBuilder(4 * 1024);
        PageLayout.Open(html, user: null);
        html.Append("""
            <div class="container-fluid">
              <div class="row"><div class="col-md-12">
                <h3 class="text-center text-primary">Hello! This is a simple bookstore application consisting of three services as shown below</h3>
              </div></div>
              <div class="row"><div class="col-md-12">
                <table class="table">
                  <tr><th>service</th><th>address (through the mesh)</th><th>calls</th></tr>
                  <tr><td>productpage</td><td>http://productpage:9080</td><td>details, reviews</td></tr>
                  <tr><td>details</td><td>http://details:9080/details</td><td></td></tr>
                  <tr><td>reviews</td><td>http://reviews:9080/reviews</td><td>ratings (v2 and v3)</td></tr>
                  <tr><td>ratings</td><td>http://ratings:9080/ratings</td><td></td></tr>
                </table>
              </div></div>
              <div class="row"><div class="col-md-12">
                <h4 class="text-center text-primary">Click on one of the links below to auto generate a request to the backend as a real user or a tester</h4>
              </div></div>
              <p class="text-center"><a href="/productpage?u=normal">Normal user</a></p>
              <p class="text-center"><a href="/productpage?u=test">Test user</a></p>
            </div>

            """);
        PageLayout.Close(html);
        return html.ToString();
    }
}
