using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Returns;

/// <summary>A small strategy with one measure of each submitted kind, and the moments around 2026-27-Q2's window.</summary>
internal static class ReturnsTestData
{
    public const string PeriodId = "2026-27-Q2";

    /// <summary>2026-27-Q2 ends 30 September 2026: opens 16 September, due by 21 October, closes after 4 November.</summary>
    public static readonly DateTimeOffset BeforeOpen = new(2026, 9, 1, 12, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Open = new(2026, 10, 1, 12, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset AfterDue = new(2026, 10, 25, 12, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset AfterClose = new(2026, 11, 10, 12, 0, 0, TimeSpan.Zero);

    /// <summary>When 2026-27-Q1's window is open, for a previous quarter's figures.</summary>
    public static readonly DateTimeOffset PreviousQuarterOpen = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);

    public static string Strategy(string partnershipId) => $$"""
        {
          "partnershipId": "{{partnershipId}}",
          "name": "Test partnership {{partnershipId}}",
          "firstPeriod": "2025-26-Q1",
          "lastPeriod": "2026-27-Q4",
          "assuranceGroups": [{ "id": "board", "name": "Board" }],
          "partners": [
            { "id": "trust", "name": "Acute Trust", "sector": "acute", "headcount": 3000 },
            { "id": "care-home", "name": "Willow Care Home", "sector": "care-provider", "headcount": 40 },
            { "id": "bury-council", "name": "Bury Council", "sector": "local-authority", "headcount": 900 }
          ],
          "programmes": [
            {
              "id": "wellbeing", "name": "Wellbeing", "lead": "Lead", "assuranceGroups": ["board"],
              "measures": [
                { "id": "vacancies", "name": "Vacancies", "kind": "count", "unit": "roles", "direction": "lower-is-better",
                  "question": "How many of your roles are vacant?", "description": "Funded posts not filled at the end of the quarter." },
                { "id": "sickness-absence", "name": "Sickness absence", "kind": "ratio", "unit": "%", "direction": "lower-is-better",
                  "numeratorLabel": "Days lost to sickness", "denominatorLabel": "Days available", "isProportion": true },
                { "id": "edi-strategy", "name": "EDI strategy in place", "kind": "yes-no", "unit": "% of partners", "direction": "higher-is-better" },
                { "id": "agency-spend", "name": "Agency spend", "kind": "amount", "unit": "£", "direction": "lower-is-better", "appliesTo": ["acute"] },
                { "id": "volunteers", "name": "Volunteers", "kind": "count", "unit": "volunteers", "direction": "higher-is-better", "appliesTo": ["care-provider"] }
              ]
            }
          ],
          "surveys": []
        }
        """;

    public const string GoodCareHomeReturn = """
        {"values": {"vacancies": 4, "sickness-absence": {"numerator": 30, "denominator": 600}, "edi-strategy": true, "volunteers": 12},
         "narrative": {"achievements": "Recruited two carers", "nextSteps": "Train leaders", "risks": "Winter pressures"},
         "submittedBy": "Sam Jones"}
        """;

    public static (AppFactory Factory, TestClock Clock) Create(StrategyReports.TestSupport.AzuriteFixture azurite)
    {
        var factory = new AppFactory(azurite);
        var clock = new TestClock(ReturnsTestData.Open);
        factory.TestServices.Add(services => services.AddSingleton<TimeProvider>(clock));
        return (factory, clock);
    }

    public static async Task PublishAsync(HttpClient admin, string partnershipId)
    {
        using var content = new StringContent(Strategy(partnershipId), Encoding.UTF8, "application/json");
        var response = await admin.PutAsync(new Uri($"/api/partnerships/{partnershipId}/strategy", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
    }

    public static string NewPartnership() => "t-" + Guid.NewGuid().ToString("N")[..10];

    public static async Task<HttpResponseMessage> PutAsync(HttpClient client, string partnershipId, string partnerId, string body, string? ifMatch = null, string? idempotencyKey = null, string period = PeriodId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/partnerships/{partnershipId}/returns/{period}/{partnerId}", UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    public static async Task<System.Text.Json.JsonElement> JsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
}
