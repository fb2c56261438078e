using System.Text;
using Microsoft.Extensions.DependencyInjection;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Chasing;

/// <summary>A partnership of three partners, two with returns contacts, reminded a week before the due day and the day after.</summary>
internal static class ChasingTestData
{
    public const string Period = "2026-27-Q2";

    /// <summary>A week before 2026-27-Q2's due day (21 October 2026): the first scheduled reminder's day.</summary>
    public static readonly DateTimeOffset WeekBeforeDue = new(2026, 10, 14, 7, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset AfterDue = new(2026, 10, 23, 9, 0, 0, TimeSpan.Zero);

    public static string Strategy(string partnershipId) => $$"""
        {
          "partnershipId": "{{partnershipId}}",
          "name": "Chasing partnership {{partnershipId}}",
          "firstPeriod": "2026-27-Q1",
          "lastPeriod": "2026-27-Q4",
          "calendar": { "remindDaysFromDue": [-7, 1] },
          "assuranceGroups": [{ "id": "board", "name": "Board" }],
          "partners": [
            { "id": "trust", "name": "Acute Trust", "sector": "acute", "headcount": 3000, "returnsContact": "returns@trust.nhs.example.net" },
            { "id": "care-home", "name": "Willow Care Home", "sector": "care-provider", "headcount": 40, "returnsContact": "manager@willow.example.org" },
            { "id": "hospice", "name": "Valley Hospice", "sector": "hospice", "headcount": 90 }
          ],
          "programmes": [
            {
              "id": "wellbeing", "name": "Wellbeing", "lead": "Lead", "assuranceGroups": ["board"],
              "measures": [{ "id": "volunteers", "name": "Volunteers", "kind": "count", "unit": "volunteers", "direction": "higher-is-better" }]
            }
          ]
        }
        """;

    public const string Return = """
        {"values": {"volunteers": 12}, "narrative": {"achievements": "a", "nextSteps": "b", "risks": "c"}, "submittedBy": "Sam Jones"}
        """;

    public static string NewPartnership() => "c-" + Guid.NewGuid().ToString("N")[..10];

    public static (AppFactory Factory, TestClock Clock) Create(AzuriteFixture azurite, MaildevFixture? mail, DateTimeOffset now)
    {
        var factory = new AppFactory(azurite);
        foreach (var (key, value) in mail?.AppSettings() ?? [])
        {
            factory.Settings[key] = value;
        }

        var clock = new TestClock(now);
        factory.TestServices.Add(services => services.AddSingleton<TimeProvider>(clock));
        return (factory, clock);
    }

    /// <summary>Publishes the strategy and submits the returns of the partners named.</summary>
    public static async Task SeedAsync(AppFactory factory, string partnershipId, params string[] returned)
    {
        using var admin = factory.CreateClient(AppFactory.AdminKey);
        (await admin.PutAsync(new Uri($"/api/partnerships/{partnershipId}/strategy", UriKind.Relative), Json(Strategy(partnershipId)))).EnsureSuccessStatusCode();
        foreach (var partner in returned)
        {
            (await admin.PutAsync(new Uri($"/api/partnerships/{partnershipId}/returns/{Period}/{partner}", UriKind.Relative), Json(Return))).EnsureSuccessStatusCode();
        }
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
