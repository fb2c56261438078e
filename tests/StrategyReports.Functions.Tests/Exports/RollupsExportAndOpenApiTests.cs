using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using StrategyReports.TestSupport;

using static StrategyReports.Functions.Tests.Exports.ExportsTestData;
using static StrategyReports.Functions.Tests.Returns.ReturnsTestData;

namespace StrategyReports.Functions.Tests.Exports;

public sealed class RollupsExportAndOpenApiTests : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly AppFactory _factory;

    public RollupsExportAndOpenApiTests(AzuriteFixture azurite) => (_factory, _) = Create(azurite);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task The_rollup_export_holds_the_served_rollup_negative_gaps_stay_numbers_and_scoped_leads_see_their_programmes()
    {
        using var admin = _factory.CreateClient(AppFactory.AdminKey);
        await PublishAsync(admin);
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(admin, Partnership, "trust", TrustReturn)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(admin, Partnership, "care-home", GoodCareHomeReturn)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync(new Uri($"/api/partnerships/{Partnership}/rollups/{PeriodId}", UriKind.Relative), null)).StatusCode);

        var served = (await JsonAsync(await admin.GetAsync(new Uri($"/api/partnerships/{Partnership}/rollups/{PeriodId}", UriKind.Relative)))).GetProperty("rollup");
        var (header, rows) = ReadCsv(await (await admin.GetAsync(Export("rollups.csv", PeriodId))).Content.ReadAsStringAsync());
        var measures = served.GetProperty("programmes").EnumerateArray()
            .SelectMany(p => p.GetProperty("measures").EnumerateArray().Select(m => (Programme: p.GetProperty("programmeId").GetString()!, Measure: m)))
            .ToList();
        Assert.Equal(measures.Count, rows.Count);
        foreach (var (programme, measure) in measures)
        {
            var row = rows.Single(r => Cell(header, r, "programme_id") == programme && Cell(header, r, "measure_id") == measure.GetProperty("measureId").GetString());
            foreach (var (column, property) in new[] { ("value", "value"), ("numerator", "numerator"), ("denominator", "denominator"), ("target", "target"), ("gap", "gap"), ("change", "change") })
            {
                var expected = measure.GetProperty(property);
                var cell = Cell(header, row, column);
                Assert.Equal(expected.ValueKind == JsonValueKind.Null ? (decimal?)null : expected.GetDecimal(), cell.Length == 0 ? (decimal?)null : Number(cell));
            }

            Assert.Equal(measure.GetProperty("rag").GetString(), Cell(header, row, "rag"));
            Assert.Equal(measure.GetProperty("contributors").GetArrayLength().ToString(CultureInfo.InvariantCulture), Cell(header, row, "contributors"));
        }

        // Agency spend 125,000.50 against a target of 100,000, lower being better: a negative gap, written as a number.
        var agency = rows.Single(r => Cell(header, r, "measure_id") == "agency-spend");
        Assert.StartsWith("-", Cell(header, agency, "gap"), StringComparison.Ordinal);
        Assert.True(Number(Cell(header, agency, "gap")) < 0);

        using var scopedLead = _factory.CreateClient(AppFactory.ScopedLeadKey);
        var (_, scoped) = ReadCsv(await (await scopedLead.GetAsync(Export("rollups.csv", PeriodId))).Content.ReadAsStringAsync());
        Assert.NotEmpty(scoped);
        Assert.All(scoped, row => Assert.Equal("wellbeing", Cell(header, row, "programme_id")));

        using var partner = _factory.CreateClient(AppFactory.PartnerKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.GetAsync(Export("rollups.xlsx", PeriodId))).StatusCode);
        using var otherAdmin = _factory.CreateClient(AppFactory.BuryAdminKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAdmin.GetAsync(new Uri("/api/partnerships/leeds/exports/rollups.csv", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task The_openapi_description_is_3_1_and_lists_exactly_the_mapped_api_endpoints_with_problem_responses_and_security()
    {
        using var anonymous = _factory.CreateClient();
        var response = await anonymous.GetAsync(new Uri("/api/openapi.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await JsonAsync(response);

        Assert.StartsWith("3.1", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var described = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(op => op.Name is "get" or "put" or "post" or "delete" or "patch").Select(op => $"{op.Name.ToUpperInvariant()} {path.Name}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        var mapped = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) && e.RoutePattern.RawText.TrimStart('/') != "api/openapi.json")
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} /{System.Text.RegularExpressions.Regex.Replace(e.RoutePattern.RawText!.Trim('/'), @"\{(\w+):[^}]+\}", "{$1}")}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Contains("POST /api/partnerships/{partnershipId}/imports/returns/{period}", mapped);
        // OpenAPI paths carry no route constraints ({version:int} is {version}) and no trailing slash.
        Assert.Empty(mapped.Except(described));
        Assert.Empty(described.Except(mapped));

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("X-Api-Key", schemes.GetProperty("apiKey").GetProperty("name").GetString());
        Assert.Equal("bearer", schemes.GetProperty("appServiceAuthentication").GetProperty("scheme").GetString());

        var import = document.GetProperty("paths").GetProperty("/api/partnerships/{partnershipId}/imports/returns/{period}").GetProperty("post");
        Assert.Equal(2, import.GetProperty("security").GetArrayLength());
        Assert.True(import.GetProperty("requestBody").GetProperty("content").TryGetProperty("text/csv", out _));
        foreach (var status in new[] { "401", "403", "404", "422" })
        {
            var problem = import.GetProperty("responses").GetProperty(status).GetProperty("content").GetProperty("application/problem+json");
            Assert.Equal("#/components/schemas/ProblemDetails", problem.GetProperty("schema").GetProperty("$ref").GetString());
        }

        var health = document.GetProperty("paths").GetProperty("/api/health").GetProperty("get");
        Assert.False(health.TryGetProperty("security", out _));

        // Enums are described by the kebab-case names the API reads and writes.
        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.Equal(["self-declared", "single-use-codes"], schemas.GetProperty("PartnerBasis").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["survey-closed", "period-ended", "admin"], schemas.GetProperty("ReleaseTrigger").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }
}
