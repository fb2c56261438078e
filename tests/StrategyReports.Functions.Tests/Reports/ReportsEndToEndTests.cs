using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StrategyReports.Functions.Reports;
using StrategyReports.Functions.Rollups;
using StrategyReports.Functions.Tests.Returns;
using StrategyReports.Functions.Tests.Rollups;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Reports;

/// <summary>
/// A period from returns and survey answers to downloaded reports, through the public API and the
/// real stores only, so the parts are known to fit: what the returns API stores is what the rollup
/// reads, and the rollup it stores is what the reports are rendered from.
/// </summary>
public sealed class ReportsEndToEndTests : IClassFixture<AzuriteFixture>, IDisposable
{
    private const string Partnership = "e2e";
    private const string PeriodId = "2025-26-Q2";

    /// <summary>Inside 2025-26-Q2's returns window (opens 16 September), and a day that counts toward that quarter's survey results.</summary>
    private static readonly DateTimeOffset DuringQ2Window = new(2025, 9, 22, 10, 0, 0, TimeSpan.Zero);

    private readonly AppFactory _factory;
    private readonly TestClock _clock;

    public ReportsEndToEndTests(AzuriteFixture azurite) => (_factory, _clock) = ReturnsTestData.Create(azurite);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Submitted_returns_reach_the_pdf_and_html_reports_through_the_stored_rollup_and_unreleased_survey_answers_do_not()
    {
        _clock.Now = DuringQ2Window;
        using var admin = _factory.CreateClient(AppFactory.AdminKey);
        using var anonymous = _factory.CreateClient();
        Assert.IsType<RollupStore>(_factory.Services.GetRequiredService<IRollupReader>());

        using (var strategy = new StringContent(RollupSeed.StrategyJson(Partnership), Encoding.UTF8, "application/json"))
        {
            (await admin.PutAsync(new Uri($"/api/partnerships/{Partnership}/strategy", UriKind.Relative), strategy)).EnsureSuccessStatusCode();
        }

        // 60 + 40 + 5 = 105 vacancies against a target of 100 with 10% amber tolerance: amber.
        foreach (var (partner, vacancies) in new[] { ("trust", 60), ("council", 40), ("practice", 5) })
        {
            var body = JsonSerializer.Serialize(new
            {
                values = new { vacancies, sickness = new { numerator = 10, denominator = 400 } },
                narrative = new { achievements = $"Filled posts at {partner}" },
                submittedBy = $"Officer at {partner}",
            });
            var put = await ReturnsTestData.PutAsync(admin, Partnership, partner, body, period: PeriodId);
            Assert.True(put.StatusCode == HttpStatusCode.Created, await put.Content.ReadAsStringAsync());
        }

        // Three answers, two agreeing, would score 66.7% if shown; the survey's minimum is 5, so no group can be released.
        foreach (var (partner, supported) in new[] { ("trust", 5), ("trust", 4), ("council", 2) })
        {
            using var answer = JsonContent.Create(new { partner, answers = new { supported } });
            var post = await anonymous.PostAsync(new Uri($"/api/surveys/{RollupSeed.SurveyId(Partnership)}/responses", UriKind.Relative), answer);
            Assert.True(post.StatusCode == HttpStatusCode.Created, await post.Content.ReadAsStringAsync());
        }

        var rollup = await admin.PostAsync(new Uri($"/api/partnerships/{Partnership}/rollups/{PeriodId}", UriKind.Relative), null);
        Assert.True(rollup.IsSuccessStatusCode, await rollup.Content.ReadAsStringAsync());

        var reportsUrl = $"/api/partnerships/{Partnership}/reports/{PeriodId}";
        var generated = await admin.PostAsync(new Uri(reportsUrl, UriKind.Relative), null);
        Assert.True(generated.StatusCode == HttpStatusCode.OK, await generated.Content.ReadAsStringAsync());
        var listing = (await admin.GetFromJsonAsync<ReportsApi.ReportListing>(new Uri(reportsUrl, UriKind.Relative)))!;
        Assert.Equal(1, listing.RollupVersion);
        Assert.Equal(["council", "practice", "trust"], listing.ReturnVersions.Select(used => used.PartnerId).Order(StringComparer.Ordinal));
        Assert.Contains(listing.Files, file => file.Name == "wellbeing.pdf");
        Assert.Contains(listing.Files, file => file.Name == "wellbeing.html");

        var pdf = await admin.GetByteArrayAsync(new Uri($"{reportsUrl}/wellbeing.pdf", UriKind.Relative));
        var html = await admin.GetStringAsync(new Uri($"{reportsUrl}/wellbeing.html", UriKind.Relative));

        var lines = Poppler.PageTexts(pdf).SelectMany(page => page.Split('\n')).ToList();
        var vacanciesRow = Assert.Single(lines, line => line.Contains("Vacancies", StringComparison.Ordinal) && line.Contains("105 roles", StringComparison.Ordinal));
        Assert.Contains("Amber", vacanciesRow, StringComparison.Ordinal);
        // No group reached the minimum of new responses, so nothing was released: the answers reach no report.
        var feelingWellRow = Assert.Single(lines, line => line.Contains("Feeling well", StringComparison.Ordinal) && line.Contains("No figure", StringComparison.Ordinal));
        Assert.Contains("Grey", feelingWellRow, StringComparison.Ordinal);
        Assert.Contains(lines, line => line.Contains("Feeling well has no survey responses in 2025-26-Q2", StringComparison.Ordinal));
        Assert.DoesNotContain("66.7", string.Join('\n', lines), StringComparison.Ordinal);

        Assert.Contains("105 roles", html, StringComparison.Ordinal);
        Assert.Contains("Feeling well has no survey responses in 2025-26-Q2", html, StringComparison.Ordinal);
        Assert.DoesNotContain("66.7", html, StringComparison.Ordinal);
    }
}
