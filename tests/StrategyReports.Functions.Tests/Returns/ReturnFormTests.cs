using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using StrategyReports.Functions.Tests.Exports;
using StrategyReports.TestSupport;

using static StrategyReports.Functions.Tests.Returns.ReturnsTestData;

namespace StrategyReports.Functions.Tests.Returns;

/// <summary>The form's rules over plain HTTP, as a browser without JavaScript posts it.</summary>
public sealed partial class ReturnFormTests : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly AppFactory _factory;
    private readonly TestClock _clock;

    public ReturnFormTests(AzuriteFixture azurite) => (_factory, _clock) = Create(azurite);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Figures_typed_with_commas_and_pound_signs_are_numbers()
    {
        var (admin, p, link) = await SetUpAsync("trust");
        using var browser = _factory.CreateClient();

        var response = await PostAsync(browser, await HiddenFieldsAsync(browser, link), new()
        {
            ["values.vacancies"] = " 1,204 ",
            ["values.agency-spend"] = "£12,500.50",
            ["values.sickness-absence.numerator"] = "30",
            ["values.sickness-absence.denominator"] = "600",
            ["values.edi-strategy"] = "no",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Return submitted", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var values = (await JsonAsync(await admin.GetAsync(new Uri($"/api/partnerships/{p}/returns/{PeriodId}/trust", UriKind.Relative)))).GetProperty("latest").GetProperty("values");
        Assert.Equal(1204, values.GetProperty("vacancies").GetInt32());
        Assert.Equal(12500.50m, values.GetProperty("agency-spend").GetDecimal());
        Assert.False(values.GetProperty("edi-strategy").GetBoolean());
    }

    [Fact]
    public async Task Posting_the_same_page_twice_stores_one_version()
    {
        var (admin, p, link) = await SetUpAsync("care-home");
        using var browser = _factory.CreateClient();
        var hidden = await HiddenFieldsAsync(browser, link);

        var first = await PostAsync(browser, hidden, new() { ["values.vacancies"] = "3" });
        var again = await PostAsync(browser, hidden, new() { ["values.vacancies"] = "3" });

        Assert.Contains("CARE-HOME/V1", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("CARE-HOME/V1", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var history = (await JsonAsync(await admin.GetAsync(new Uri($"/api/partnerships/{p}/returns/{PeriodId}/care-home", UriKind.Relative)))).GetProperty("history");
        Assert.Equal(1, history.GetArrayLength());
    }

    [Fact]
    public async Task A_form_opened_before_someone_else_submitted_is_not_stored_and_says_so()
    {
        var (admin, p, link) = await SetUpAsync("care-home");
        using var browser = _factory.CreateClient();
        var hidden = await HiddenFieldsAsync(browser, link);
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(admin, p, "care-home", """{"values": {"vacancies": 8}}""")).StatusCode);

        var response = await PostAsync(browser, hidden, new() { ["values.vacancies"] = "3" });
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Version 1 of this return was submitted by test admin", html, StringComparison.Ordinal);
        Assert.Contains("href=\"#values-vacancies\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"3\"", html, StringComparison.Ordinal);
        var latest = (await JsonAsync(await admin.GetAsync(new Uri($"/api/partnerships/{p}/returns/{PeriodId}/care-home", UriKind.Relative)))).GetProperty("latest");
        Assert.Equal(8, latest.GetProperty("values").GetProperty("vacancies").GetInt32());

        // The re-rendered form carries the new version's ETag, so submitting it again is accepted.
        var retry = await PostAsync(browser, Hidden(html), new() { ["values.vacancies"] = "3" });
        Assert.Contains("CARE-HOME/V2", await retry.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_posted_after_the_window_closed_is_refused_with_a_page()
    {
        var (admin, p, link) = await SetUpAsync("care-home");
        using var browser = _factory.CreateClient();
        var hidden = await HiddenFieldsAsync(browser, link);

        _clock.Now = AfterClose;
        // Weeks later the form's session has ended; opening the link again starts a new one, and the old page is posted.
        await browser.GetAsync(new Uri(link, UriKind.Relative));
        var response = await PostAsync(browser, hidden, new() { ["values.vacancies"] = "3" });

        Assert.Equal((HttpStatusCode)423, response.StatusCode);
        Assert.Contains("Returns are closed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri($"/api/partnerships/{p}/returns/{PeriodId}/care-home", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_form_opened_after_the_due_date_says_the_return_will_be_late()
    {
        var (_, _, link) = await SetUpAsync("care-home");
        using var browser = _factory.CreateClient();

        _clock.Now = AfterDue;
        var html = await OpenFormAsync(browser, link);

        Assert.Contains("marked late", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_partner_downloads_their_return_changes_figures_checks_the_file_then_uploads_it()
    {
        var (admin, p, link) = await SetUpAsync("care-home");
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(admin, p, "care-home", GoodCareHomeReturn)).StatusCode);
        using var browser = _factory.CreateClient();
        var form = await OpenFormAsync(browser, link);

        var download = await browser.GetAsync(new Uri("/r/return.csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var (header, rows) = ExportsTestData.ReadCsv(await download.Content.ReadAsStringAsync());
        Assert.Equal(["care-home"], rows.Select(r => ExportsTestData.Cell(header, r, "partner_id")).Distinct());
        Assert.Equal("4", ExportsTestData.Cell(header, ExportsTestData.RowOf(header, rows, "care-home", "vacancies"), "value"));
        ExportsTestData.RowOf(header, rows, "care-home", "vacancies")[header.IndexOf("value")] = "6";
        ExportsTestData.RowOf(header, rows, "care-home", "sickness-absence")[header.IndexOf("numerator")] = "45";
        var edited = ExportsTestData.WriteCsv(header, rows);

        var check = await UploadAsync(browser, form, edited, checkOnly: true);
        var checkedPage = await check.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        Assert.Contains("Your file was checked: nothing was stored", checkedPage, StringComparison.Ordinal);
        Assert.Equal([["Vacancies", "4", "6"], ["Sickness absence", "30 / 600", "45 / 600"]], ChangeRows(checkedPage));
        Assert.Equal(1, await VersionCountAsync(admin, p));

        var stored = await UploadAsync(browser, checkedPage, edited, checkOnly: false);
        var storedPage = await stored.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.Contains("Return submitted from your file", storedPage, StringComparison.Ordinal);
        Assert.Contains($"{p}/{PeriodId}/care-home/v2".ToUpperInvariant(), storedPage, StringComparison.Ordinal);
        var latest = (await JsonAsync(await admin.GetAsync(new Uri($"/api/partnerships/{p}/returns/{PeriodId}/care-home", UriKind.Relative)))).GetProperty("latest");
        Assert.Equal(6, latest.GetProperty("values").GetProperty("vacancies").GetInt32());
        Assert.Equal(45, latest.GetProperty("values").GetProperty("sickness-absence").GetProperty("numerator").GetInt32());
        Assert.Equal(12, latest.GetProperty("values").GetProperty("volunteers").GetInt32());
        Assert.Equal("Recruited two carers", latest.GetProperty("narrative").GetProperty("achievements").GetString());

        // The same page posted again (a double click, a refresh) stores nothing more.
        var again = await UploadAsync(browser, checkedPage, edited, checkOnly: false);
        Assert.Contains("v2".ToUpperInvariant(), await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, await VersionCountAsync(admin, p));
    }

    [Fact]
    public async Task A_file_with_mistakes_is_refused_whole_with_each_row_and_column_named()
    {
        var (admin, p, link) = await SetUpAsync("care-home");
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(admin, p, "care-home", GoodCareHomeReturn)).StatusCode);
        using var browser = _factory.CreateClient();
        var form = await OpenFormAsync(browser, link);
        var (header, rows) = ExportsTestData.ReadCsv(await browser.GetStringAsync(new Uri("/r/return.csv", UriKind.Relative)));
        ExportsTestData.RowOf(header, rows, "care-home", "vacancies")[header.IndexOf("value")] = "four";
        ExportsTestData.RowOf(header, rows, "care-home", "volunteers")[header.IndexOf("value")] = "20";

        var response = await UploadAsync(browser, form, ExportsTestData.WriteCsv(header, rows), checkOnly: false);
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Your file was not stored", page, StringComparison.Ordinal);
        var vacanciesRow = rows.FindIndex(r => ExportsTestData.Cell(header, r, "measure_id") == "vacancies") + 2;
        Assert.Contains($"Row {vacanciesRow}, value:", page, StringComparison.Ordinal);
        Assert.Contains("href=\"#file\"", page, StringComparison.Ordinal);
        Assert.Equal(1, await VersionCountAsync(admin, p));
    }

    [Fact]
    public async Task A_file_holding_another_partners_rows_or_no_file_at_all_stores_nothing()
    {
        var (admin, p, link) = await SetUpAsync("care-home");
        using var browser = _factory.CreateClient();
        var form = await OpenFormAsync(browser, link);
        var (header, rows) = ExportsTestData.ReadCsv(await browser.GetStringAsync(new Uri("/r/return.csv", UriKind.Relative)));
        var trustRow = (string[])ExportsTestData.RowOf(header, rows, "care-home", "vacancies").Clone();
        trustRow[header.IndexOf("partner_id")] = "trust";
        trustRow[header.IndexOf("value")] = "99";

        var otherPartner = await UploadAsync(browser, form, ExportsTestData.WriteCsv(header, [trustRow]), checkOnly: false);
        var noFile = await UploadAsync(browser, form, null, checkOnly: false);

        Assert.Equal(HttpStatusCode.Forbidden, otherPartner.StatusCode);
        Assert.Contains("trust", await otherPartner.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noFile.StatusCode);
        Assert.Contains("Choose your return", await noFile.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        foreach (var partner in new[] { "trust", "care-home" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri($"/api/partnerships/{p}/returns/{PeriodId}/{partner}", UriKind.Relative))).StatusCode);
        }
    }

    // The upload form's own hidden fields (it follows the return form on the page), with the file as a browser sends it.
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient browser, string page, string? csv, bool checkOnly)
    {
        var upload = page[page.IndexOf("id=\"upload-heading\"", StringComparison.Ordinal)..];
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in Hidden(upload))
        {
            content.Add(new StringContent(value), name);
        }

        if (checkOnly)
        {
            content.Add(new StringContent("yes"), "check");
        }

        var file = new ByteArrayContent(csv is null ? [] : Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv");
        // With no file chosen a browser still sends the part, with an empty file name.
        file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileName = csv is null ? "\"\"" : "\"return.csv\"" };
        content.Add(file);
        return await browser.PostAsync(new Uri("/r/upload", UriKind.Relative), content);
    }

    private static List<string[]> ChangeRows(string page)
    {
        using var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(page);
        return [.. document.QuerySelectorAll("#changes tbody tr").Select(row => row.QuerySelectorAll("td").Select(cell => cell.TextContent.Trim()).ToArray())];
    }

    private static async Task<int> VersionCountAsync(HttpClient admin, string p) =>
        (await JsonAsync(await admin.GetAsync(new Uri($"/api/partnerships/{p}/returns/{PeriodId}/care-home", UriKind.Relative)))).GetProperty("history").GetArrayLength();

    private async Task<(HttpClient Admin, string PartnershipId, string Link)> SetUpAsync(string partner)
    {
        var admin = _factory.CreateClient(AppFactory.AdminKey);
        var p = NewPartnership();
        await PublishAsync(admin, p);
        var issued = await admin.PostAsJsonAsync(new Uri($"/api/partnerships/{p}/links", UriKind.Relative), new { partner, expiresInDays = 90 });
        return (admin, p, (await JsonAsync(issued)).GetProperty("url").GetString()!);
    }

    private static async Task<Dictionary<string, string>> HiddenFieldsAsync(HttpClient browser, string link) =>
        Hidden(await OpenFormAsync(browser, link));

    // The link opens the partner's page; the form for the period is one link further.
    private static async Task<string> OpenFormAsync(HttpClient browser, string link)
    {
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri(link, UriKind.Relative))).StatusCode);
        return await (await browser.GetAsync(new Uri($"/r/returns/{PeriodId}", UriKind.Relative))).Content.ReadAsStringAsync();
    }

    // The page's first form is the return itself; the upload form after it repeats some of its hidden fields.
    private static Dictionary<string, string> Hidden(string html) =>
        HiddenField().Matches(html).DistinctBy(m => m.Groups[1].Value).ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));

    // Posted to /r, where pages from before the form had an address per period post, in the session the link opened.
    private static async Task<HttpResponseMessage> PostAsync(HttpClient browser, Dictionary<string, string> hidden, Dictionary<string, string> fields)
    {
        using var content = new FormUrlEncodedContent(hidden.Concat(fields));
        return await browser.PostAsync(new Uri("/r", UriKind.Relative), content);
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenField();
}
