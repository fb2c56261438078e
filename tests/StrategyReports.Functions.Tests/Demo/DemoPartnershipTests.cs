using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using StrategyReports.Samples;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Demo;

/// <summary>What a newcomer gets from scripts/run: the demo partnership loaded through the real stores, rollups and reports.</summary>
public sealed partial class DemoPartnershipTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Today = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    [Trait(Categories.Name, Categories.Slow)]
    public async Task The_demo_loads_four_quarters_of_sample_data_opens_a_return_form_and_has_full_reports_and_loads_only_once()
    {
        using (var factory = DemoApp())
        {
            using var anonymous = factory.CreateClient();
            var home = await WaitUntilReadyAsync(anonymous);

            // The personal link on the home page opens the partner's page, where the latest quarter, reopened for the demo, is due.
            var link = ReturnLink().Match(home).Value;
            var partnerPage = await anonymous.GetAsync(new Uri(link, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, partnerPage.StatusCode);
            Assert.Contains("href=\"/r/returns/2026-27-Q2\"", await partnerPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var form = await anonymous.GetStringAsync(new Uri("/r/returns/2026-27-Q2", UriKind.Relative));
            Assert.Contains("Quarterly return for July to September 2026 <span class=\"nhsuk-u-nowrap\">(2026-27-Q2)</span>", form, StringComparison.Ordinal);
            Assert.Contains("your organisation", form, StringComparison.Ordinal);

            using var lead = factory.CreateClient(AppFactory.LeadKey);
            foreach (var period in new[] { "2025-26-Q3", "2025-26-Q4", "2026-27-Q1", "2026-27-Q2" })
            {
                var listing = await lead.GetFromJsonAsync<JsonElement>($"/api/partnerships/bury/reports/{period}");
                Assert.True(listing.GetProperty("containsSampleData").GetBoolean());
                var files = listing.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();
                Assert.Contains("swg.pdf", files);
                Assert.Contains("workforce-wellbeing.pdf", files);
                Assert.NotEmpty(listing.GetProperty("returnVersions").EnumerateArray());
            }

            var text = await lead.GetStringAsync(new Uri("/api/partnerships/bury/reports/2025-26-Q3/workforce-wellbeing.html", UriKind.Relative));
            Assert.Contains("Sample data", text, StringComparison.Ordinal);
            Assert.Contains("Staff voice", text, StringComparison.Ordinal);

            // The latest quarter's leads have written highlights and logged risks; one risk is escalated to the
            // Locality Board through the Strategic Workforce Group, and one milestone has slipped.
            var board = await lead.GetStringAsync(new Uri("/api/partnerships/bury/reports/2026-27-Q2/locality-board.html", UriKind.Relative));
            Assert.Contains(SampleHighlights.EscalatedRisk, board, StringComparison.Ordinal);
            Assert.Contains(SampleHighlights.SlippingMilestone, board, StringComparison.Ordinal);
            Assert.Contains("5 of 6 programme highlights submitted", board, StringComparison.Ordinal);
            var integration = await lead.GetStringAsync(new Uri("/api/partnerships/bury/reports/2026-27-Q2/workforce-integration.html", UriKind.Relative));
            Assert.Contains("Programme lead's highlight", integration, StringComparison.Ordinal);
            Assert.Contains("Escalated: score 16 is at least 15", integration, StringComparison.Ordinal);
            Assert.Contains("Green: complete", integration, StringComparison.Ordinal);
        }

        // A second start finds the partnership and adds nothing: every partner still has the versions it had.
        using (var again = DemoApp())
        {
            using var anonymous = again.CreateClient();
            await WaitUntilReadyAsync(anonymous);
            using var admin = again.CreateClient(AppFactory.AdminKey);
            var completeness = await admin.GetFromJsonAsync<JsonElement>("/api/partnerships/bury/returns/2025-26-Q3");
            var history = await admin.GetFromJsonAsync<JsonElement>($"/api/partnerships/bury/returns/2025-26-Q3/{FirstReceived(completeness)}");
            Assert.Single(history.GetProperty("history").EnumerateArray(), v => v.GetProperty("version").GetInt32() == 1);
            var versions = await admin.GetFromJsonAsync<JsonElement>("/api/partnerships/bury/strategy/versions");
            Assert.Equal(1, versions.GetArrayLength());
        }
    }

    private AppFactory DemoApp()
    {
        var factory = new AppFactory(azurite);
        factory.Settings["Demo:Enabled"] = "true";
        factory.TestServices.Add(services => services.AddSingleton<TimeProvider>(new TestClock(Today)));
        return factory;
    }

    private static async Task<string> WaitUntilReadyAsync(HttpClient client)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var home = await client.GetStringAsync(new Uri("/", UriKind.Relative));
            if (home.Contains("Fill in the quarterly return", StringComparison.Ordinal))
            {
                return home;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("The demo partnership was not ready within 150 seconds.");
    }

    private static string FirstReceived(JsonElement completeness) =>
        completeness.GetProperty("onTime").EnumerateArray().First().GetProperty("partner").GetString()!;

    [GeneratedRegex("/r/[A-Za-z0-9_.-]+")]
    private static partial Regex ReturnLink();
}

/// <summary>Its own class, so its storage has no demo partnership from another test.</summary>
public sealed class DemoFailureTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_demo_that_cannot_load_says_so_on_the_home_page_and_the_app_keeps_serving()
    {
        using var factory = new AppFactory(azurite);
        factory.Settings["Demo:Enabled"] = "true";
        factory.Settings["Demo:Strategy"] = Path.Combine(Path.GetTempPath(), $"no-such-strategy-{Guid.NewGuid():N}.yaml");
        using var client = factory.CreateClient();

        for (var attempt = 0; attempt < 200; attempt++)
        {
            var home = await client.GetStringAsync(new Uri("/", UriKind.Relative));
            if (home.Contains("could not be loaded", StringComparison.Ordinal))
            {
                Assert.DoesNotContain("Fill in the quarterly return", home, StringComparison.Ordinal);
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/health", UriKind.Relative))).StatusCode);
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The home page never said the demo could not be loaded.");
    }
}
