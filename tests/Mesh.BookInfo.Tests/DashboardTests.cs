using System.Globalization;
using Mesh.BookInfo.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Mesh.BookInfo.Tests;

/// <summary>
/// The control server's dashboard in a real headless Chromium (Debian's, driven by Playwright; no browser download):
/// after BookInfo traffic under Istio's 90/10 reviews split, the live graph shows productpage → reviews v1 and v2
/// with their rates, and the reviews page shows the split. A screenshot is kept as a test artifact.
/// </summary>
[Collection(BookInfoCollection.Name)]
public sealed class DashboardTests(BookInfoCluster bookInfo, ITestOutputHelper output)
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task Dashboard_After9010Traffic_GraphShowsProductpageToReviewsV1AndV2WithRates()
    {
        Assert.True(File.Exists(Chromium), "Debian's chromium is needed (apt-get install chromium; scripts/test.sh installs it)");
        await bookInfo.ApplyAsync(Files.Bookinfo("virtual-service-all-v1.yaml"), Files.Bookinfo("virtual-service-reviews-90-10.yaml"));
        using (var pages = PageClient.Anonymous(bookInfo.Productpage))
        {
            var counts = await pages.CountVersionsAsync(300);
            Assert.True(counts.GetValueOrDefault("v2") > 0, "no page came from reviews v2 under the 90/10 split");
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        await page.GotoAsync(new Uri(bookInfo.ControlPlane, "/#service=default/reviews").ToString());

        // Clients report every 5 s and the page refreshes every 2 s: both edges appear within seconds.
        var v1 = Edge(page, "reviews.default:v1");
        var v2 = Edge(page, "reviews.default:v2");
        await v1.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await v2.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await page.Locator(".service-card .weights").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        var path = await SaveScreenshotAsync(page);

        var v1Rps = await NumberAsync(v1, "data-rps");
        var v2Rps = await NumberAsync(v2, "data-rps");
        Assert.True(v1Rps > 0, $"productpage → reviews v1 shows {v1Rps} rps; screenshot {path}");
        Assert.True(v2Rps > 0, $"productpage → reviews v2 shows {v2Rps} rps; screenshot {path}");
        // The window (60 s) may hold failures of earlier tests of the shared cluster, so the rate shown is checked
        // against the counts the same render shows, not against 100 %.
        foreach (var edge in new[] { v1, v2 })
        {
            var (requests, errors, success) = await CountsAsync(edge);
            Assert.True(requests > 0 && errors <= requests, $"{requests} requests, {errors} errors; screenshot {path}");
            Assert.Equal(Math.Round((requests - errors) / requests, 4), success);
        }

        var label = await page.Locator("g.label[data-source='productpage.default:v1'][data-destination='reviews.default:v2']").TextContentAsync();
        Assert.Matches(@"^\d+(\.\d+)? rps · \d+(\.\d+)?%p50 \d+(\.\d+)?m?s · p99 \d+(\.\d+)?m?s$", label);
        Assert.Equal("healthy", await page.Locator("g.node[data-id='reviews.default:v2']").GetAttributeAsync("data-health"));

        // The reviews page lists the route with its weights, and the VirtualService's YAML.
        var weights = await page.Locator(".service-card .weights span").AllTextContentsAsync();
        Assert.Equal(["v1 90%", "v2 10%"], weights);
        var yaml = string.Join("\n", await page.Locator(".service-card pre.yaml").AllTextContentsAsync());
        Assert.Contains("weight: 90", yaml, StringComparison.Ordinal);
    }

    private static ILocator Edge(IPage page, string destination) =>
        page.Locator($"g.edge[data-source='productpage.default:v1'][data-destination='{destination}']");

    /// <summary>An edge's requests, errors and success rate, read from one render (the page redraws every 2 s).</summary>
    private static async Task<(double Requests, double Errors, double Success)> CountsAsync(ILocator edge)
    {
        var values = await edge.EvaluateAsync<string[]>("e => [e.dataset.requests, e.dataset.errors, e.dataset.success]");
        return (Parse(values[0]), Parse(values[1]), Parse(values[2]));

        static double Parse(string? value) => double.Parse(value ?? "NaN", CultureInfo.InvariantCulture);
    }

    private static async Task<double> NumberAsync(ILocator locator, string attribute) =>
        double.Parse(await locator.GetAttributeAsync(attribute) ?? "NaN", CultureInfo.InvariantCulture);

    /// <summary>Keeps what the browser showed, under the test output's artifacts folder, and says where.</summary>
    private async Task<string> SaveScreenshotAsync(IPage page)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "dashboard-bookinfo-90-10.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine("dashboard screenshot: " + path);
        Console.WriteLine("dashboard screenshot: " + path);
        return path;
    }
}
