using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using nietras.SeparatedValues;

namespace StrategyReports.Functions.Tests.Exports;

/// <summary>
/// Partnership <c>bury</c> (which the test keys for the lead, scoped lead and partner are bound to) with two
/// programmes, so a programme lead's scope shows, and partner names a spreadsheet would take for formulas.
/// </summary>
internal static class ExportsTestData
{
    public const string Partnership = "bury";

    public const string Strategy = """
        {
          "partnershipId": "bury",
          "name": "Test partnership bury",
          "firstPeriod": "2025-26-Q1",
          "lastPeriod": "2026-27-Q4",
          "assuranceGroups": [{ "id": "board", "name": "Board" }],
          "partners": [
            { "id": "trust", "name": "=HYPERLINK(\"http://example.org\")", "sector": "acute", "headcount": 3000 },
            { "id": "care-home", "name": "-Willow Care Home", "sector": "care-provider", "headcount": 40 },
            { "id": "bury-council", "name": "Bury Council", "sector": "local-authority", "headcount": 900 }
          ],
          "programmes": [
            {
              "id": "wellbeing", "name": "Wellbeing", "lead": "Lead", "assuranceGroups": ["board"],
              "measures": [
                { "id": "vacancies", "name": "Vacancies", "kind": "count", "unit": "roles", "direction": "lower-is-better" },
                { "id": "sickness-absence", "name": "Sickness absence", "kind": "ratio", "unit": "%", "direction": "lower-is-better",
                  "numeratorLabel": "Days lost to sickness", "denominatorLabel": "Days available", "isProportion": true },
                { "id": "edi-strategy", "name": "EDI strategy in place", "kind": "yes-no", "unit": "% of partners", "direction": "higher-is-better" }
              ]
            },
            {
              "id": "workforce", "name": "Workforce", "lead": "Lead", "assuranceGroups": ["board"],
              "measures": [
                { "id": "agency-spend", "name": "Agency spend", "kind": "amount", "unit": "£", "direction": "lower-is-better", "appliesTo": ["acute"],
                  "targets": { "2026-27-Q2": 100000 } },
                { "id": "volunteers", "name": "Volunteers", "kind": "count", "unit": "volunteers", "direction": "higher-is-better", "appliesTo": ["care-provider"] }
              ]
            }
          ],
          "surveys": []
        }
        """;

    public const string TrustReturn = """{"values": {"vacancies": 20, "sickness-absence": {"numerator": 300, "denominator": 6000}, "edi-strategy": false, "agency-spend": 125000.50}, "narrative": {"risks": "Winter"}}""";

    public static async Task PublishAsync(HttpClient admin)
    {
        using var content = new StringContent(Strategy, Encoding.UTF8, "application/json");
        var response = await admin.PutAsync(new Uri($"/api/partnerships/{Partnership}/strategy", UriKind.Relative), content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public static Uri Export(string file, string period, string query = "") =>
        new($"/api/partnerships/{Partnership}/exports/{file}?from={period}&to={period}{query}", UriKind.Relative);

    public static Uri ExportWith(string file, string query) =>
        new($"/api/partnerships/{Partnership}/exports/{file}{query}", UriKind.Relative);

    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string period, byte[] file, string contentType, bool dryRun = false, string? idempotencyKey = null)
    {
        var uri = new Uri($"/api/partnerships/{Partnership}/imports/returns/{period}{(dryRun ? "?dryRun=true" : "")}", UriKind.Relative);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(file) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    /// <summary>A CSV as its header and rows of cells, read with the same library a spreadsheet user's file would be.</summary>
    public static (List<string> Header, List<string[]> Rows) ReadCsv(string csv)
    {
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromText(csv);
        var header = reader.Header.ColNames.ToList();
        var rows = new List<string[]>();
        foreach (var row in reader)
        {
            var cells = new string[row.ColCount];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = row[i].ToString();
            }

            rows.Add(cells);
        }

        return (header, rows);
    }

    public static string WriteCsv(List<string> header, IEnumerable<string[]> rows)
    {
        var text = new StringBuilder();
        text.AppendLine(string.Join(",", header));
        foreach (var row in rows)
        {
            text.AppendLine(string.Join(",", row.Select(cell => cell.Contains(',', StringComparison.Ordinal) || cell.Contains('"', StringComparison.Ordinal) ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell)));
        }

        return text.ToString();
    }

    public static string[] RowOf(List<string> header, List<string[]> rows, string partner, string measure) =>
        rows.Single(r => r[header.IndexOf("partner_id")] == partner && r[header.IndexOf("measure_id")] == measure);

    public static string Cell(List<string> header, string[] row, string column) => row[header.IndexOf(column)];

    public static decimal Number(string text) => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
