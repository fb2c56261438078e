using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Security;

/// <summary>
/// One partnership (bury) with two programmes, two partners' returns, a rollup, its reports and a personal link;
/// a second partnership (wakefield) whose lead must see none of it; and an HTTP client for each caller.
/// Every measure value is a number used nowhere else, so a body can be searched for figures it must not hold.
/// </summary>
public sealed class AccessMatrixFixture : IAsyncLifetime
{
    public const string Partnership = "bury";
    public const string OtherPartnership = "wakefield";
    public const string Period = "2026-27-Q2";
    public const string PartnerX = "bury-council";
    public const string PartnerY = "trust";
    public const string ProgrammeLed = "wellbeing";
    public const string OtherLeadKey = "test-other-partnership-lead-key-0000000000";

    public const string OtherAdminKey = "test-other-partnership-admin-key-000000000";

    /// <summary>Values per measure: partner X's start 987, partner Y's 876; wellbeing's measures end 1 and 2, recruitment's 3 and 4.</summary>
    public static readonly IReadOnlyDictionary<string, (string Programme, int X, int Y)> Values = new Dictionary<string, (string, int, int)>
    {
        ["vacancies"] = ("wellbeing", 987001, 876001),
        ["agency-spend"] = ("wellbeing", 987002, 876002),
        ["new-starters"] = ("recruitment", 987003, 876003),
        ["leavers"] = ("recruitment", 987004, 876004),
    };

    private readonly AzuriteFixture _azurite = new();
    private AppFactory _app = null!;
    private AppFactory _platform = null!;

    /// <summary>The path of partner X's personal link, <c>/r/{token}</c>.</summary>
    public string LinkPath { get; private set; } = "";

    public IServiceProvider Services => _app.Services;

    private readonly Dictionary<Caller, HttpClient> _clients = [];

    public HttpClient Client(Caller caller) => _clients[caller];

    public static string Strategy(string partnershipId) => $$"""
        {
          "partnershipId": "{{partnershipId}}",
          "name": "Matrix {{partnershipId}}",
          "firstPeriod": "2025-26-Q1",
          "lastPeriod": "2026-27-Q4",
          "assuranceGroups": [{ "id": "board", "name": "Board" }, { "id": "wellbeing-group", "name": "Wellbeing group" }],
          "partners": [
            { "id": "trust", "name": "Acute Trust", "sector": "acute", "headcount": 3000 },
            { "id": "bury-council", "name": "Bury Council", "sector": "local-authority", "headcount": 900 }
          ],
          "programmes": [
            {
              "id": "wellbeing", "name": "Wellbeing", "lead": "Lead W", "assuranceGroups": ["board", "wellbeing-group"],
              "measures": [
                { "id": "vacancies", "name": "Vacancies", "kind": "count", "unit": "roles", "direction": "lower-is-better" },
                { "id": "agency-spend", "name": "Agency spend", "kind": "amount", "unit": "£", "direction": "lower-is-better" }
              ]
            },
            {
              "id": "recruitment", "name": "Recruitment", "lead": "Lead R", "assuranceGroups": ["board"],
              "measures": [
                { "id": "new-starters", "name": "New starters", "kind": "count", "unit": "people", "direction": "higher-is-better" },
                { "id": "leavers", "name": "Leavers", "kind": "count", "unit": "people", "direction": "lower-is-better" }
              ]
            }
          ],
          "surveys": []
        }
        """;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _app = Create(platformAuthentication: false);
        _platform = Create(platformAuthentication: true);

        var admin = NewClient(_app);
        admin.DefaultRequestHeaders.Add("X-Api-Key", AppFactory.AdminKey);
        await SendAsync(admin, HttpMethod.Put, $"/api/partnerships/{Partnership}/strategy", Strategy(Partnership));
        await SendAsync(admin, HttpMethod.Put, $"/api/partnerships/{OtherPartnership}/strategy", Strategy(OtherPartnership));
        await SendAsync(admin, HttpMethod.Put, $"/api/partnerships/{Partnership}/returns/{Period}/{PartnerX}", Return(v => v.X));
        await SendAsync(admin, HttpMethod.Put, $"/api/partnerships/{Partnership}/returns/{Period}/{PartnerY}", Return(v => v.Y));
        await SendAsync(admin, HttpMethod.Post, $"/api/partnerships/{Partnership}/rollups/{Period}", null);
        await SendAsync(admin, HttpMethod.Post, $"/api/partnerships/{Partnership}/reports/{Period}", null);
        var link = await SendAsync(admin, HttpMethod.Post, $"/api/partnerships/{Partnership}/links", JsonSerializer.Serialize(new { partner = PartnerX }));
        LinkPath = (await link.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;

        _clients[Caller.Anonymous] = NewClient(_app);
        _clients[Caller.PersonalLinkOfPartnerX] = NewClient(_app, keepsCookies: true);
        var opened = await _clients[Caller.PersonalLinkOfPartnerX].GetAsync(new Uri(LinkPath, UriKind.Relative));
        if (opened.StatusCode != System.Net.HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Opening the personal link answered {opened.StatusCode}.");
        }

        _clients[Caller.PartnerKey] = Keyed(AppFactory.PartnerKey);
        _clients[Caller.LeadOfPartnership] = Keyed(AppFactory.LeadKey);
        _clients[Caller.LeadOfOneProgramme] = Keyed(AppFactory.ScopedLeadKey);
        _clients[Caller.LeadOfAnotherPartnership] = Keyed(OtherLeadKey);
        _clients[Caller.AdminOfAnotherPartnership] = Keyed(OtherAdminKey);
        _clients[Caller.AdminOfPartnership] = Keyed(AppFactory.BuryAdminKey);
        _clients[Caller.AdminOfAll] = Keyed(AppFactory.AdminKey);
        _clients[Caller.ForgedPrincipalWithoutPlatformAuth] = NewClient(_app);
        _clients[Caller.ForgedPrincipalWithoutPlatformAuth].DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL", ForgedAdmin);
        _clients[Caller.PrincipalWithPlatformAuth] = NewClient(_platform);
        _clients[Caller.PrincipalWithPlatformAuth].DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL", ForgedAdmin);
        admin.Dispose();
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        await _app.DisposeAsync();
        await _platform.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    /// <summary>A principal header claiming the unscoped admin role: admin of every partnership, if believed.</summary>
    public static readonly string ForgedAdmin = Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
    {
        auth_typ = "aad",
        name_typ = "name",
        role_typ = "roles",
        claims = new[] { new { typ = "name", val = "Mallory" }, new { typ = "roles", val = "admin" } },
    })));

    private AppFactory Create(bool platformAuthentication)
    {
        var factory = new AppFactory(_azurite);
        factory.TestServices.Add(services => services.AddSingleton<TimeProvider>(new TestClock(Returns.ReturnsTestData.Open)));
        factory.Settings["Auth:TrustAppServicePrincipal"] = "true";
        if (platformAuthentication)
        {
            factory.Settings["WEBSITE_AUTH_ENABLED"] = "True";
        }

        factory.Settings["Auth:ApiKeys:5:Name"] = "test other-partnership lead";
        factory.Settings["Auth:ApiKeys:5:Key"] = OtherLeadKey;
        factory.Settings["Auth:ApiKeys:5:Role"] = "lead";
        factory.Settings["Auth:ApiKeys:5:Partnership"] = OtherPartnership;
        factory.Settings["Auth:ApiKeys:6:Name"] = "test other-partnership admin";
        factory.Settings["Auth:ApiKeys:6:Key"] = OtherAdminKey;
        factory.Settings["Auth:ApiKeys:6:Role"] = "admin";
        factory.Settings["Auth:ApiKeys:6:Partnership"] = OtherPartnership;
        return factory;
    }

    private HttpClient Keyed(string key)
    {
        var client = NewClient(_app);
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    // Only the link's browser keeps cookies: the others also open the link in the matrix, and must not carry its session into the other cells.
    private static HttpClient NewClient(AppFactory factory, bool keepsCookies = false) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost"), HandleCookies = keepsCookies });

    private static string Return(Func<(string Programme, int X, int Y), int> pick) =>
        JsonSerializer.Serialize(new
        {
            values = Values.ToDictionary(v => v.Key, v => pick(v.Value)),
            narrative = new { achievements = "", nextSteps = "", risks = "" },
            submittedBy = "Matrix seed",
        });

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        var response = await client.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Seeding {method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return response;
    }
}
