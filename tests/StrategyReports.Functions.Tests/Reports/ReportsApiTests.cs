using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using StrategyReports.Domain.Periods;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Reports;
using StrategyReports.Functions.Rollups;
using StrategyReports.Functions.Strategies;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Reports;

public sealed class ReportsApiTests : IClassFixture<AzuriteFixture>, IClassFixture<BrowserFixture>, IDisposable
{
    private static readonly Period Quarter = Period.Parse("2026-27-Q2");
    private static readonly DateTimeOffset ComputedAt = new(2026, 10, 31, 2, 41, 7, TimeSpan.Zero);
    private const string ReportsUrl = "/api/partnerships/bury/reports/2026-27-Q2";

    private readonly AppFactory _factory;
    private readonly BrowserFixture _browser;
    private readonly TestRollupReader _rollups = new();

    public ReportsApiTests(AzuriteFixture azurite, BrowserFixture browser)
    {
        _browser = browser;
        _factory = new AppFactory(azurite);
        _factory.TestServices.Add(services => services.AddSingleton<IRollupReader>(_rollups));
    }

    public void Dispose() => _factory.Dispose();

    private async Task<int> PublishBuryAsync()
    {
        using var admin = _factory.CreateClient(AppFactory.AdminKey);
        using var body = new StringContent(await File.ReadAllTextAsync(RepositoryPaths.Combine("strategies", "bury.yaml")), System.Text.Encoding.UTF8, "application/yaml");
        var response = await admin.PutAsync(new Uri("/api/partnerships/bury/strategy", UriKind.Relative), body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<StrategyApi.PublishResult>())!.Version;
    }

    private async Task<ReportsApi.ReportListing> GenerateAsync(int rollupVersion = 1, DateTimeOffset? computedAt = null, int missingPartners = 1)
    {
        var strategyVersion = await PublishBuryAsync();
        var rollup = SampleRollups.Build(SampleRollups.Strategy("bury"), Quarter, missingPartners) with { StrategyVersion = strategyVersion };
        _rollups.Store(new StoredRollup(rollup, rollupVersion, computedAt ?? ComputedAt));
        using var admin = _factory.CreateClient(AppFactory.AdminKey);
        var response = await admin.PostAsync(new Uri(ReportsUrl, UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ReportsApi.ReportListing>())!;
    }

    private BlobContainerClient Container => _factory.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(ReportStore.ContainerName);

    [Fact]
    public async Task Generating_stores_every_report_as_pdf_and_html_with_a_manifest_of_checksums_sizes_and_versions()
    {
        // A computed-at no other test uses, so this generation has something to write.
        var computedAt = ComputedAt.AddMinutes(7);
        var listing = await GenerateAsync(computedAt: computedAt);

        var strategy = SampleRollups.Strategy("bury");
        // Every assurance group has a pack, the Locality Board (which oversees no programme itself) included.
        Assert.Equal((strategy.Programmes.Count + strategy.AssuranceGroups.Count) * 2, listing.Files.Count);
        Assert.Contains(listing.Files, file => file.Name == "locality-board.pdf");
        Assert.True(listing.Changed);
        Assert.Equal(1, listing.RollupVersion);
        Assert.True(listing.ContainsSampleData);
        Assert.NotEmpty(listing.ReturnVersions);
        Assert.Equal(_factory.Services.GetRequiredService<StrategyReports.Reports.ReportRenderer>().TemplateVersion, listing.TemplateVersion);
        Assert.Equal(computedAt, listing.GeneratedAt);

        foreach (var file in listing.Files)
        {
            var blob = await Container.GetBlobClient(ReportStore.ContentBlobName("bury", Quarter, file.Name, file.Sha256)).DownloadContentAsync();
            var bytes = blob.Value.Content.ToArray();
            Assert.Equal(file.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
            Assert.Equal(file.Size, bytes.LongLength);
            Assert.Equal($"{ReportsUrl}/{file.Name}", file.Href);
        }

        var manifest = await Container.GetBlobClient("bury/2026-27-Q2/manifest.json").DownloadContentAsync();
        var stored = System.Text.Json.JsonSerializer.Deserialize<ReportManifest>(manifest.Value.Content.ToString(), new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!;
        Assert.Equal(listing.Files.Select(f => (f.Name, f.Sha256, f.Size)), stored.Files.Select(f => (f.Name, f.Sha256, f.Size)));
        Assert.Contains(listing.Files, f => f.Name == "workforce-wellbeing.pdf" && f.DownloadName == "bury-2026-27-Q2-workforce-wellbeing.pdf");
        Assert.Contains(listing.Files, f => f.Name == "swg.html" && f.Kind == ReportService.BoardPackKind);
    }

    [Fact]
    public async Task Regenerating_the_same_inputs_writes_nothing_and_the_files_stay_byte_identical()
    {
        var first = await GenerateAsync();
        var etags = new Dictionary<string, Azure.ETag>();
        foreach (var name in first.Files.Select(f => ReportStore.ContentBlobName("bury", Quarter, f.Name, f.Sha256)).Append("bury/2026-27-Q2/manifest.json"))
        {
            etags[name] = (await Container.GetBlobClient(name).GetPropertiesAsync()).Value.ETag;
        }

        var second = await GenerateAsync();

        Assert.False(second.Changed);
        Assert.Equal(first.Files.Select(f => f.Sha256), second.Files.Select(f => f.Sha256));
        foreach (var (name, etag) in etags)
        {
            Assert.Equal(etag, (await Container.GetBlobClient(name).GetPropertiesAsync()).Value.ETag);
        }
    }

    [Fact]
    public async Task Pdfs_download_as_attachments_and_html_opens_inline_under_a_name_saying_what_they_are()
    {
        var listing = await GenerateAsync();
        using var lead = _factory.CreateClient(AppFactory.LeadKey);

        var pdf = await lead.GetAsync(new Uri($"{ReportsUrl}/workforce-wellbeing.pdf", UriKind.Relative));
        var html = await lead.GetAsync(new Uri($"{ReportsUrl}/swg.html", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", pdf.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("bury-2026-27-Q2-workforce-wellbeing.pdf", pdf.Content.Headers.ContentDisposition.FileName);
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        Assert.Equal(listing.Files.Single(f => f.Name == "workforce-wellbeing.pdf").Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(bytes, 0, 5), StringComparison.Ordinal);

        Assert.Equal("text/html", html.Content.Headers.ContentType!.MediaType);
        Assert.Equal("inline", html.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("bury-2026-27-Q2-swg.html", html.Content.Headers.ContentDisposition.FileName);
        Assert.Contains("Strategic Workforce Group board pack", await html.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Leads_list_and_download_a_scoped_lead_only_its_programmes_and_partners_and_leads_cannot_generate()
    {
        await GenerateAsync();
        using var scoped = _factory.CreateClient(AppFactory.ScopedLeadKey);
        using var partner = _factory.CreateClient(AppFactory.PartnerKey);
        using var lead = _factory.CreateClient(AppFactory.LeadKey);

        var list = (await scoped.GetFromJsonAsync<ReportsApi.ReportListing>(new Uri(ReportsUrl, UriKind.Relative)))!;
        // The scoped lead's programme ("wellbeing") is not one of Bury's: no highlight report is its, and a board
        // pack holds other programmes' figures, so it sees none.
        Assert.Empty(list.Files);
        Assert.Equal(HttpStatusCode.Forbidden, (await scoped.GetAsync(new Uri($"{ReportsUrl}/workforce-wellbeing.pdf", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await scoped.GetAsync(new Uri($"{ReportsUrl}/swg.pdf", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.GetAsync(new Uri(ReportsUrl, UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.PostAsync(new Uri(ReportsUrl, UriKind.Relative), null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lead.GetAsync(new Uri($"{ReportsUrl}/no-such.pdf", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_file_that_no_longer_matches_its_manifest_is_never_served_under_the_old_checksum()
    {
        var entry = (await GenerateAsync()).Files.Single(f => f.Name == "good-employment.html");
        var blob = Container.GetBlobClient(ReportStore.ContentBlobName("bury", Quarter, entry.Name, entry.Sha256));
        var original = (await blob.DownloadContentAsync()).Value.Content;
        await blob.UploadAsync(BinaryData.FromString("<!DOCTYPE html><p>half-way through a regeneration</p>"), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "text/html" } });
        using var lead = _factory.CreateClient(AppFactory.LeadKey);

        var response = await lead.GetAsync(new Uri($"{ReportsUrl}/good-employment.html", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        await blob.UploadAsync(original, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "text/html; charset=utf-8" } });
        Assert.Equal(HttpStatusCode.OK, (await lead.GetAsync(new Uri($"{ReportsUrl}/good-employment.html", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_malformed_period_is_unknown_as_in_every_other_url_and_a_period_without_a_rollup_is_404()
    {
        using var admin = _factory.CreateClient(AppFactory.AdminKey);

        var bad = await admin.PostAsync(new Uri("/api/partnerships/bury/reports/2026-Q2", UriKind.Relative), null);
        var none = await admin.PostAsync(new Uri("/api/partnerships/bury/reports/2025-26-Q1", UriKind.Relative), null);
        var unlisted = await admin.GetAsync(new Uri("/api/partnerships/bury/reports/2025-26-Q1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType!.MediaType);
        Assert.Contains("There is no period '2026-Q2'", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, unlisted.StatusCode);
    }

    [Fact]
    public async Task The_nightly_timer_regenerates_only_when_the_rollup_version_moved_past_the_manifests()
    {
        await GenerateAsync();
        var timer = _factory.Services.GetServices<ITimerFunction>().Single(t => t.Name == "GenerateReports");
        TimerInvocation Invocation() => new("GenerateReports", Guid.NewGuid().ToString(), new TimerInfo(null, null, false), DateTimeOffset.UtcNow);

        var idle = await timer.RunAsync(Invocation(), CancellationToken.None);
        Assert.StartsWith("Reports regenerated for 0 of ", idle, StringComparison.Ordinal);

        // The nightly rollup stored a changed rollup (a late return arrived): version 2.
        var strategyVersion = await PublishBuryAsync();
        var rollup = SampleRollups.Build(SampleRollups.Strategy("bury"), Quarter, missingPartners: 0) with { StrategyVersion = strategyVersion };
        _rollups.Store(new StoredRollup(rollup, 2, ComputedAt.AddDays(1)));
        var moved = await timer.RunAsync(Invocation(), CancellationToken.None);

        Assert.StartsWith("Reports regenerated for 1 of ", moved, StringComparison.Ordinal);
        using var admin = _factory.CreateClient(AppFactory.AdminKey);
        var listing = (await admin.GetFromJsonAsync<ReportsApi.ReportListing>(new Uri(ReportsUrl, UriKind.Relative)))!;
        Assert.Equal(2, listing.RollupVersion);
        Assert.Equal(ComputedAt.AddDays(1), listing.GeneratedAt);
    }

    [Fact]
    public async Task The_timer_regenerates_when_a_lead_logs_a_risk_or_submits_and_an_escalated_risk_rises_to_the_locality_board()
    {
        const string risk = "Wellbeing hub funding ends in March";
        await GenerateAsync();
        var timer = _factory.Services.GetServices<ITimerFunction>().Single(t => t.Name == "GenerateReports");
        TimerInvocation Invocation() => new("GenerateReports", Guid.NewGuid().ToString(), new TimerInfo(null, null, false), DateTimeOffset.UtcNow);
        Assert.StartsWith("Reports regenerated for 0 of ", await timer.RunAsync(Invocation(), CancellationToken.None), StringComparison.Ordinal);
        using var lead = _factory.CreateClient(AppFactory.LeadKey);

        var logged = await lead.PostAsJsonAsync(
            new Uri("/api/partnerships/bury/programmes/workforce-wellbeing/risks", UriKind.Relative),
            new { description = risk, owner = "Wellbeing lead", likelihood = 4, consequence = 4, period = "2026-27-Q2" });
        Assert.Equal(HttpStatusCode.Created, logged.StatusCode);

        Assert.StartsWith("Reports regenerated for 1 of ", await timer.RunAsync(Invocation(), CancellationToken.None), StringComparison.Ordinal);
        Assert.StartsWith("Reports regenerated for 0 of ", await timer.RunAsync(Invocation(), CancellationToken.None), StringComparison.Ordinal);
        async Task<string> Html(string subject) => await lead.GetStringAsync(new Uri($"{ReportsUrl}/{subject}.html", UriKind.Relative));
        Assert.Contains(risk, await Html("swg"), StringComparison.Ordinal);
        var board = await Html("locality-board");
        Assert.Contains(risk, board, StringComparison.Ordinal);
        Assert.Contains("Escalated: score 16 is at least 15", board, StringComparison.Ordinal);
        Assert.Contains(risk, string.Join('\n', Poppler.PageTexts(await lead.GetByteArrayAsync(new Uri($"{ReportsUrl}/locality-board.pdf", UriKind.Relative)))), StringComparison.Ordinal);
        Assert.Contains(risk, await Html("workforce-wellbeing"), StringComparison.Ordinal);
        Assert.DoesNotContain(risk, await Html("workforce-integration"), StringComparison.Ordinal);

        var submitted = await lead.PutAsJsonAsync(
            new Uri("/api/partnerships/bury/highlights/2026-27-Q2/workforce-wellbeing", UriKind.Relative),
            new { commentary = "Hubs busy; funding is the worry", decisionsAsked = "Agree bridging funding", status = "submitted" });
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        Assert.StartsWith("Reports regenerated for 1 of ", await timer.RunAsync(Invocation(), CancellationToken.None), StringComparison.Ordinal);
        Assert.Contains("Agree bridging funding", await Html("locality-board"), StringComparison.Ordinal);
        Assert.Contains("1 of 6 programme highlights submitted", await Html("swg"), StringComparison.Ordinal);
    }

    [Fact]
    [Trait(Categories.Name, Categories.Slow)]
    public async Task The_leads_page_needs_sign_in_then_links_each_report_and_meets_wcag_22_aa()
    {
        var baseUrl = _factory.StartOnKestrel();
        await GenerateAsync();
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var anonymous = new HttpClient(handler) { BaseAddress = baseUrl };
        var redirect = await anonymous.GetAsync(new Uri("/partnerships/bury/reports/2026-27-Q2", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/signin?returnUrl=%2Fpartnerships%2Fbury%2Freports%2F2026-27-Q2", redirect.Headers.Location!.OriginalString);

        var page = await _browser.NewPageAsync(baseUrl);
        await page.GotoAsync("/partnerships/bury/reports/2026-27-Q2");
        await page.FillAsync("#key", AppFactory.LeadKey);
        await page.ClickAsync("button[type=submit]");

        Assert.EndsWith("/partnerships/bury/reports/2026-27-Q2", page.Url, StringComparison.Ordinal);
        Assert.Equal("Reports for 2026-27 Q2 (July to September 2026)", await page.InnerTextAsync("h1"));
        Assert.Contains("Sample data", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator($"a[href='{ReportsUrl}/workforce-wellbeing.pdf']").CountAsync());
        Assert.Equal(1, await page.Locator($"a[href='{ReportsUrl}/swg.html']").CountAsync());
        await Accessibility.AssertNoViolationsAsync(page);

        var phone = await _browser.NewPhonePageAsync(baseUrl);
        await phone.GotoAsync("/partnerships/bury/reports/2026-27-Q2");
        await phone.FillAsync("#key", AppFactory.LeadKey);
        await phone.ClickAsync("button[type=submit]");
        Assert.EndsWith("/partnerships/bury/reports/2026-27-Q2", phone.Url, StringComparison.Ordinal);
        await Accessibility.AssertNoViolationsAsync(phone);
    }

    [Fact]
    [Trait(Categories.Name, Categories.Slow)]
    public async Task A_report_web_page_meets_wcag_22_aa_on_a_desktop_and_a_phone()
    {
        var baseUrl = _factory.StartOnKestrel();
        await GenerateAsync();

        foreach (var page in new[] { await _browser.NewPageAsync(baseUrl), await _browser.NewPhonePageAsync(baseUrl) })
        {
            await page.SetExtraHTTPHeadersAsync(new Dictionary<string, string> { ["X-Api-Key"] = AppFactory.LeadKey });
            foreach (var report in new[] { "workforce-wellbeing.html", "swg.html" })
            {
                var response = await page.GotoAsync($"{ReportsUrl}/{report}");
                Assert.Equal(200, response!.Status);
                Assert.Equal("en-GB", await page.GetAttributeAsync("html", "lang"));
                Assert.Equal(1, await page.Locator("h1").CountAsync());
                await Accessibility.AssertNoViolationsAsync(page);
            }
        }
    }
}
