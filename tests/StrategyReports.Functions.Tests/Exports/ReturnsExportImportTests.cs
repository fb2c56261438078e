using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using MiniExcelLibs;
using StrategyReports.Functions.Exports;
using StrategyReports.TestSupport;

using static StrategyReports.Functions.Tests.Exports.ExportsTestData;
using static StrategyReports.Functions.Tests.Returns.ReturnsTestData;

namespace StrategyReports.Functions.Tests.Exports;

/// <summary>Exporting a period's returns, editing the file as a spreadsheet user would, and importing it back.</summary>
public sealed class ReturnsExportImportTests : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly AppFactory _factory;

    public ReturnsExportImportTests(AzuriteFixture azurite) => (_factory, _) = Create(azurite);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_csv_export_edited_and_imported_gives_new_versions_holding_exactly_the_changed_values()
    {
        const string period = "2025-26-Q1";
        var admin = await SeedAsync(period);
        var export = await admin.GetAsync(Export("returns.csv", period));
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType!.MediaType);
        var (header, rows) = ReadCsv(await export.Content.ReadAsStringAsync());

        // Every partner × measure that applies to it, blank where nothing was returned (Bury Council).
        Assert.Equal(11, rows.Count);
        Assert.Equal("", Cell(header, RowOf(header, rows, "bury-council", "vacancies"), "value"));
        Assert.Equal("4", Cell(header, RowOf(header, rows, "care-home", "vacancies"), "value"));
        Assert.Equal("5", Cell(header, RowOf(header, rows, "care-home", "sickness-absence"), "value"));
        Assert.Equal("125000.5", Cell(header, RowOf(header, rows, "trust", "agency-spend"), "value"));
        Assert.Equal("2026-10-01T13:00:00+01:00", Cell(header, RowOf(header, rows, "trust", "vacancies"), "submitted_at"));

        Set(header, RowOf(header, rows, "care-home", "vacancies"), "value", "7");
        Set(header, RowOf(header, rows, "trust", "sickness-absence"), "numerator", "360");
        Set(header, RowOf(header, rows, "trust", "edi-strategy"), "value", "1");
        var imported = await UploadAsync(admin, period, Encoding.UTF8.GetBytes(WriteCsv(header, rows)), "text/csv");
        var result = await JsonAsync(imported);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);

        var outcomes = result.GetProperty("returns").EnumerateArray().ToDictionary(r => r.GetProperty("partner").GetString()!);
        Assert.Equal(2, outcomes["care-home"].GetProperty("version").GetInt32());
        Assert.Equal(["values.vacancies"], Fields(outcomes["care-home"]));
        Assert.Equal(["values.edi-strategy", "values.sickness-absence"], Fields(outcomes["trust"]));
        Assert.False(outcomes["bury-council"].GetProperty("stored").GetBoolean());

        var careHome = (await JsonAsync(await admin.GetAsync(ReturnUri(period, "care-home")))).GetProperty("latest");
        Assert.Equal(2, careHome.GetProperty("version").GetInt32());
        Assert.Equal(
            """{"edi-strategy":true,"sickness-absence":{"numerator":30,"denominator":600},"vacancies":7,"volunteers":12}""",
            careHome.GetProperty("values").GetRawText().Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal));
        Assert.Equal("Winter pressures", careHome.GetProperty("narrative").GetProperty("risks").GetString());

        var trust = (await JsonAsync(await admin.GetAsync(ReturnUri(period, "trust")))).GetProperty("latest").GetProperty("values");
        Assert.Equal(360m, trust.GetProperty("sickness-absence").GetProperty("numerator").GetDecimal());
        Assert.True(trust.GetProperty("edi-strategy").GetBoolean());
        Assert.Equal(125000.50m, trust.GetProperty("agency-spend").GetDecimal());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(ReturnUri(period, "bury-council"))).StatusCode);
    }

    [Fact]
    public async Task The_xlsx_export_is_typed_frozen_and_reads_in_LibreOffice_as_the_csv_does_and_imports_back()
    {
        const string period = "2025-26-Q2";
        var admin = await SeedAsync(period);
        var xlsx = await (await admin.GetAsync(Export("returns.xlsx", period))).Content.ReadAsByteArrayAsync();
        var (header, csvRows) = ReadCsv(await (await admin.GetAsync(Export("returns.csv", period))).Content.ReadAsStringAsync());

        var sheet = SheetXml(xlsx);
        Assert.Contains("state=\"frozen\"", sheet, StringComparison.Ordinal);
        Assert.Contains("ySplit=\"1\"", sheet, StringComparison.Ordinal);
        Assert.Contains("customWidth=\"1\"", sheet, StringComparison.Ordinal);
        Assert.DoesNotContain("<x:f>", sheet, StringComparison.Ordinal);

        var (converted, convertedRows) = ReadCsv(ConvertWithLibreOffice(xlsx));
        Assert.Equal(header, converted);
        Assert.Equal(csvRows.Count, convertedRows.Count);
        for (var r = 0; r < csvRows.Count; r++)
        {
            for (var c = 0; c < header.Count; c++)
            {
                var ours = csvRows[r][c];
                var office = convertedRows[r][c];
                switch (header[c])
                {
                    case "value" or "numerator" or "denominator" or "version" when ours.Length > 0:
                        // A number cell: LibreOffice shows the number, not text.
                        Assert.Equal(Number(ours), Number(office));
                        break;
                    case "submitted_at" when ours.Length > 0:
                        Assert.Equal(DateTimeOffset.Parse(ours, CultureInfo.InvariantCulture).DateTime, DateTime.Parse(office, CultureInfo.InvariantCulture));
                        break;
                    case "late" or "sample_data":
                        Assert.Equal(ours, office, ignoreCase: true);
                        break;
                    default:
                        Assert.Equal(ours, office);
                        break;
                }
            }
        }

        // The formula-looking partner names arrive as text with the guard, never evaluated.
        Assert.Equal("'=HYPERLINK(\"http://example.org\")", Cell(converted, RowOf(converted, convertedRows, "trust", "vacancies"), "partner_name"));
        Assert.Equal("'-Willow Care Home", Cell(converted, RowOf(converted, convertedRows, "care-home", "vacancies"), "partner_name"));

        // Edit the workbook as a spreadsheet would and send it back.
        var table = MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        table.Single(r => (string?)r["partner_id"] == "care-home" && (string?)r["measure_id"] == "volunteers")["value"] = 15d;
        using var edited = new MemoryStream();
        MiniExcel.SaveAs(edited, table);
        var imported = await UploadAsync(admin, period, edited.ToArray(), TableFiles.XlsxContentType);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var outcomes = (await JsonAsync(imported)).GetProperty("returns").EnumerateArray().ToDictionary(r => r.GetProperty("partner").GetString()!);
        Assert.Equal(["values.volunteers"], Fields(outcomes["care-home"]));
        Assert.Empty(Fields(outcomes["trust"]));
        Assert.False(outcomes["trust"].GetProperty("stored").GetBoolean());
    }

    [Fact]
    public async Task Every_problem_in_a_file_is_listed_by_row_and_column_and_nothing_is_stored()
    {
        const string period = "2025-26-Q3";
        var admin = await SeedAsync(period);
        var (header, rows) = ReadCsv(await (await admin.GetAsync(Export("returns.csv", period))).Content.ReadAsStringAsync());
        var vacancies = RowOf(header, rows, "care-home", "vacancies");
        var sickness = RowOf(header, rows, "trust", "sickness-absence");
        var volunteers = RowOf(header, rows, "care-home", "volunteers");
        var edi = RowOf(header, rows, "trust", "edi-strategy");
        var wrongPeriod = RowOf(header, rows, "bury-council", "vacancies");
        var notApplying = RowOf(header, rows, "bury-council", "edi-strategy");
        Set(header, vacancies, "value", "lots");
        Set(header, sickness, "numerator", "7000");
        Set(header, volunteers, "value", "15");
        Set(header, edi, "value", "maybe");
        Set(header, wrongPeriod, "period", "2026-27-Q1");
        Set(header, notApplying, "measure_id", "agency-spend");
        var file = WriteCsv(header, rows);

        var response = await UploadAsync(admin, period, Encoding.UTF8.GetBytes(file), "text/csv");
        var problem = await JsonAsync(response);

        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, problem.GetRawText());
        var errors = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal).ToList();
        string At(string[] row, string column) => $"row {rows.IndexOf(row) + 2}, {column}";
        var expected = new[] { At(vacancies, "value"), At(sickness, "numerator"), At(edi, "value"), At(wrongPeriod, "period"), At(notApplying, "measure_id") };
        Assert.True(expected.Order(StringComparer.Ordinal).SequenceEqual(errors), problem.GetRawText());
        Assert.Equal(1, (await JsonAsync(await admin.GetAsync(ReturnUri(period, "care-home")))).GetProperty("latest").GetProperty("version").GetInt32());
        Assert.Equal(1, (await JsonAsync(await admin.GetAsync(ReturnUri(period, "trust")))).GetProperty("latest").GetProperty("version").GetInt32());

        var headerless = await UploadAsync(admin, period, Encoding.UTF8.GetBytes("partner,measure\ntrust,vacancies\n"), "text/csv");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, headerless.StatusCode);
        Assert.True((await JsonAsync(headerless)).GetProperty("errors").TryGetProperty("row 1", out _));
    }

    [Fact]
    public async Task A_dry_run_stores_nothing_and_a_retried_upload_with_its_key_answers_the_first_result()
    {
        const string period = "2025-26-Q4";
        var admin = await SeedAsync(period);
        var (header, rows) = ReadCsv(await (await admin.GetAsync(Export("returns.csv", period))).Content.ReadAsStringAsync());
        Set(header, RowOf(header, rows, "care-home", "vacancies"), "value", "9");
        var file = Encoding.UTF8.GetBytes(WriteCsv(header, rows));

        var dryRun = await JsonAsync(await UploadAsync(admin, period, file, "text/csv", dryRun: true));
        Assert.True(dryRun.GetProperty("dryRun").GetBoolean());
        var planned = dryRun.GetProperty("returns").EnumerateArray().Single(r => r.GetProperty("partner").GetString() == "care-home");
        Assert.Equal(2, planned.GetProperty("version").GetInt32());
        Assert.False(planned.GetProperty("stored").GetBoolean());
        Assert.Equal(1, (await JsonAsync(await admin.GetAsync(ReturnUri(period, "care-home")))).GetProperty("latest").GetProperty("version").GetInt32());

        var first = await UploadAsync(admin, period, file, "text/csv", idempotencyKey: "upload-1");
        var retry = await UploadAsync(admin, period, file, "text/csv", idempotencyKey: "upload-1");
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(
            (await JsonAsync(first)).GetProperty("returns").GetRawText(),
            (await JsonAsync(retry)).GetProperty("returns").GetRawText());
        var history = (await JsonAsync(await admin.GetAsync(ReturnUri(period, "care-home")))).GetProperty("history");
        Assert.Equal(2, history.GetArrayLength());

        Set(header, RowOf(header, rows, "care-home", "vacancies"), "value", "10");
        var reused = await UploadAsync(admin, period, Encoding.UTF8.GetBytes(WriteCsv(header, rows)), "text/csv", idempotencyKey: "upload-1");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.True((await JsonAsync(reused)).GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    [Fact]
    public async Task A_json_body_sent_to_the_import_is_415_naming_the_file_types_it_takes()
    {
        // Routing refuses it before the import runs, so no period needs seeding (each test's period is its own).
        var admin = _factory.CreateClient(AppFactory.AdminKey);
        await PublishAsync(admin);

        var response = await UploadAsync(admin, PeriodId, Encoding.UTF8.GetBytes("""{"values": {"vacancies": 1}}"""), "application/json");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Partners_export_and_import_only_their_own_rows_and_programme_leads_only_their_programmes()
    {
        const string period = "2026-27-Q1";
        var admin = await SeedAsync(period);
        using var partner = _factory.CreateClient(AppFactory.PartnerKey);
        using var lead = _factory.CreateClient(AppFactory.LeadKey);
        using var scopedLead = _factory.CreateClient(AppFactory.ScopedLeadKey);
        using var anonymous = _factory.CreateClient();

        var (header, own) = ReadCsv(await (await partner.GetAsync(Export("returns.csv", period))).Content.ReadAsStringAsync());
        Assert.Equal(3, own.Count);
        Assert.All(own, row => Assert.Equal("bury-council", Cell(header, row, "partner_id")));

        var (_, scoped) = ReadCsv(await (await scopedLead.GetAsync(Export("returns.csv", period))).Content.ReadAsStringAsync());
        Assert.Equal(9, scoped.Count);
        Assert.All(scoped, row => Assert.Equal("wellbeing", Cell(header, row, "programme_id")));
        Assert.Equal(11, ReadCsv(await (await lead.GetAsync(Export("returns.csv", period))).Content.ReadAsStringAsync()).Rows.Count);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Export("returns.xlsx", period))).StatusCode);

        // The partner fills in its blank rows and sends them back; another partner's rows are refused whole.
        Set(header, own[0], "value", "3");
        var mine = await UploadAsync(partner, period, Encoding.UTF8.GetBytes(WriteCsv(header, own)), "text/csv");
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.Equal(1, (await JsonAsync(await admin.GetAsync(ReturnUri(period, "bury-council")))).GetProperty("latest").GetProperty("version").GetInt32());

        var (_, all) = ReadCsv(await (await admin.GetAsync(Export("returns.csv", period))).Content.ReadAsStringAsync());
        var theirs = await UploadAsync(partner, period, Encoding.UTF8.GetBytes(WriteCsv(header, all)), "text/csv");
        Assert.Equal(HttpStatusCode.Forbidden, theirs.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await UploadAsync(lead, period, Encoding.UTF8.GetBytes(WriteCsv(header, own)), "text/csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await UploadAsync(anonymous, period, Encoding.UTF8.GetBytes(WriteCsv(header, own)), "text/csv")).StatusCode);
    }

    [Fact]
    public async Task Every_version_is_exported_on_request_and_a_bad_range_is_422_naming_the_field()
    {
        const string period = "2026-27-Q2";
        var admin = await SeedAsync(period);
        var (header, rows) = ReadCsv(await (await admin.GetAsync(Export("returns.csv", period))).Content.ReadAsStringAsync());
        Set(header, RowOf(header, rows, "care-home", "vacancies"), "value", "6");
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(admin, period, Encoding.UTF8.GetBytes(WriteCsv(header, rows)), "text/csv")).StatusCode);

        var (_, versions) = ReadCsv(await (await admin.GetAsync(Export("returns.csv", period, "&versions=all"))).Content.ReadAsStringAsync());
        var careHome = versions.Where(r => Cell(header, r, "partner_id") == "care-home" && Cell(header, r, "measure_id") == "vacancies").ToList();
        Assert.Equal(["1", "2"], careHome.Select(r => Cell(header, r, "version")));
        Assert.Equal(["4", "6"], careHome.Select(r => Cell(header, r, "value")));
        Assert.DoesNotContain(versions, r => Cell(header, r, "partner_id") == "bury-council");

        foreach (var (query, field) in new[] { ("?from=2024-25-Q1", "from"), ("?to=soon", "to"), ("?from=2026-27-Q3&to=2026-27-Q1", "to"), ("?versions=some", "versions") })
        {
            var refused = await admin.GetAsync(ExportWith("returns.csv", query));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.True((await JsonAsync(refused)).GetProperty("errors").TryGetProperty(field, out _), query);
        }
    }

    /// <summary>
    /// Publishes bury and stores first versions for the trust and the care home in <paramref name="period"/>. The
    /// test keys name bury, so each test has a period of its own, reopened by the admin when its window has closed.
    /// </summary>
    private async Task<HttpClient> SeedAsync(string period)
    {
        var admin = _factory.CreateClient(AppFactory.AdminKey);
        await PublishAsync(admin);
        if (period != PeriodId)
        {
            var reopened = await admin.PostAsync(new Uri($"/api/partnerships/{Partnership}/periods/{period}/reopening", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.OK, reopened.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Created, (await PutAsync(admin, Partnership, "care-home", GoodCareHomeReturn, period: period)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(admin, Partnership, "trust", TrustReturn, period: period)).StatusCode);
        return admin;
    }

    private static Uri ReturnUri(string period, string partner) => new($"/api/partnerships/{Partnership}/returns/{period}/{partner}", UriKind.Relative);

    private static void Set(List<string> header, string[] row, string column, string value) => row[header.IndexOf(column)] = value;

    private static List<string> Fields(JsonElement outcome) =>
        [.. outcome.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("field").GetString()!)];

    private static string SheetXml(byte[] xlsx)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx));
        using var reader = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
        return reader.ReadToEnd();
    }

    private static string ConvertWithLibreOffice(byte[] xlsx)
    {
        var dir = Directory.CreateTempSubdirectory("xlsx-");
        try
        {
            var input = Path.Combine(dir.FullName, "returns.xlsx");
            File.WriteAllBytes(input, xlsx);
            var start = new ProcessStartInfo("soffice")
            {
                ArgumentList =
                {
                    $"-env:UserInstallation=file://{dir.FullName}/profile",
                    "--headless",
                    "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1",
                    "--outdir",
                    dir.FullName,
                    input,
                },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "LibreOffice did not finish converting");
            var output = Path.Combine(dir.FullName, "returns.csv");
            Assert.True(File.Exists(output), $"LibreOffice wrote no CSV: {errors.Result}");
            return File.ReadAllText(output, Encoding.UTF8);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
