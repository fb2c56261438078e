using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using StrategyReports.Domain.Periods;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Reliability;

/// <summary>
/// A partnership the app in its own process can take returns and survey responses for today, by the real clock
/// (that process has no test clock), and the calls the fault tests make to it as the admin and as the Functions host.
/// </summary>
internal static class LiveApp
{
    public const string PartnershipId = "live";
    public const string SurveyId = "live-pulse";

    /// <summary>
    /// Returns open 85 days before a quarter ends (a few days into it) and close 100 days after, so the quarter
    /// the calendar calls current is open now and is never later than today's quarter, which the report timer covers.
    /// </summary>
    private static readonly ReportingCalendar Calendar = new(-85, 100, 100);

    /// <summary>The period whose returns are open now, as the rollup timers will find it.</summary>
    public static Period Period => Calendar.CurrentPeriod(DateTimeOffset.UtcNow);

    /// <summary>Settings every fault test gives the app: short leases, and no client or burst limits for a test's burst of responses.</summary>
    public static Dictionary<string, string> Settings(params (string Name, string Value)[] more)
    {
        var settings = new Dictionary<string, string>
        {
            ["Functions__LockLeaseSeconds"] = "15",
            ["Surveys__RateLimitPermits"] = "100000",
            ["Surveys__BurstLimit"] = "100000",
        };
        foreach (var (name, value) in more)
        {
            settings[name] = value;
        }

        return settings;
    }

    /// <summary>The strategy: one period (today's), four partners, a count measure, and a pulse survey open today with a comment box.</summary>
    public static string Strategy(string name = "Live partnership")
    {
        var today = UkTime.DateAt(DateTimeOffset.UtcNow);
        var period = Period.Id;
        return $$"""
            {
              "partnershipId": "{{PartnershipId}}",
              "name": "{{name}}",
              "firstPeriod": "{{period}}",
              "lastPeriod": "{{period}}",
              "calendar": { "opensDaysAfterQuarterEnd": -85, "dueDaysAfterQuarterEnd": 100, "closesDaysAfterQuarterEnd": 100 },
              "assuranceGroups": [{ "id": "board", "name": "Board" }],
              "partners": [
                { "id": "trust", "name": "Acute Trust", "sector": "acute", "headcount": 3000 },
                { "id": "council", "name": "The Council", "sector": "local-authority", "headcount": 900 },
                { "id": "care-home", "name": "Willow Care Home", "sector": "care-provider", "headcount": 40 },
                { "id": "hospice", "name": "St Ann's Hospice", "sector": "hospice", "headcount": 200 }
              ],
              "programmes": [
                {
                  "id": "wellbeing", "name": "Wellbeing", "lead": "Lead", "assuranceGroups": ["board"],
                  "measures": [
                    { "id": "vacancies", "name": "Vacancies", "kind": "count", "unit": "roles", "direction": "lower-is-better", "targets": { "{{period}}": 100 } },
                    { "id": "supported", "name": "Feeling supported", "kind": "survey", "unit": "% positive", "direction": "higher-is-better",
                      "survey": { "surveyId": "{{SurveyId}}", "questionId": "supported", "score": "percent-positive" } }
                  ]
                }
              ],
              "surveys": [
                {
                  "id": "{{SurveyId}}", "title": "Wellbeing pulse", "programme": "wellbeing",
                  "opens": "{{today.AddDays(-30):yyyy-MM-dd}}", "closes": "{{today.AddDays(30):yyyy-MM-dd}}", "minimumGroupSize": 5,
                  "questions": [
                    { "id": "supported", "kind": "likert5", "text": "I feel supported" },
                    { "id": "comment", "kind": "text", "text": "Anything else?", "required": false }
                  ]
                }
              ]
            }
            """;
    }

    public static async Task<HttpResponseMessage> PublishAsync(HttpClient app, string strategy, CancellationToken cancellationToken = default)
    {
        using var request = AppProcess.AsAdmin(HttpMethod.Put, $"/api/partnerships/{PartnershipId}/strategy");
        request.Content = new StringContent(strategy, Encoding.UTF8, "application/json");
        return await app.SendAsync(request, cancellationToken);
    }

    /// <summary>A return for the period through the API, as the admin; <paramref name="marker"/> is its narrative, so it can be found again.</summary>
    public static async Task<HttpResponseMessage> SubmitReturnAsync(
        HttpClient app, string partner, int vacancies, string marker, string? ifMatch, string? idempotencyKey, CancellationToken cancellationToken = default)
    {
        using var request = AppProcess.AsAdmin(HttpMethod.Put, $"/api/partnerships/{PartnershipId}/returns/{Period.Id}/{partner}");
        request.Content = new StringContent(
            JsonSerializer.Serialize(new { values = new { vacancies }, narrative = new { achievements = marker } }), Encoding.UTF8, "application/json");
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        return await app.SendAsync(request, cancellationToken);
    }

    /// <summary>The ETag of a partner's latest return, or null when it has none.</summary>
    public static async Task<string?> LatestETagAsync(HttpClient app, string partner, CancellationToken cancellationToken = default)
    {
        using var request = AppProcess.AsAdmin(HttpMethod.Get, $"/api/partnerships/{PartnershipId}/returns/{Period.Id}/{partner}");
        using var response = await app.SendAsync(request, cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound
            ? null
            : response.EnsureSuccessStatusCode().Headers.ETag?.ToString() ?? throw new InvalidOperationException("The latest return came without an ETag.");
    }

    /// <summary>A survey response through the API, anonymous; <paramref name="marker"/> is its comment.</summary>
    public static async Task<HttpResponseMessage> RespondAsync(HttpClient app, string partner, string marker, CancellationToken cancellationToken = default, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/surveys/{SurveyId}/responses")
        {
            Content = JsonContent.Create(new { partner, answers = new Dictionary<string, object> { ["supported"] = 4, ["comment"] = marker } }),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        return await app.SendAsync(request, cancellationToken);
    }

    /// <summary>The survey page's form as a browser posts it, with the hidden submission id the page gave it.</summary>
    public static async Task<HttpResponseMessage> RespondThroughPageAsync(HttpClient app, string partner, string marker, string submission, CancellationToken cancellationToken = default) =>
        await app.PostAsync(
            new Uri($"/s/{SurveyId}?partner={partner}", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["partner"] = partner,
                ["answers.supported"] = "4",
                ["answers.comment"] = marker,
                ["submission"] = submission,
            }),
            cancellationToken);

    /// <summary>The hidden submission id of a freshly opened survey page.</summary>
    public static async Task<string> SurveyPageSubmissionAsync(HttpClient app, string partner)
    {
        var html = await app.GetStringAsync(new Uri($"/s/{SurveyId}?partner={partner}", UriKind.Relative));
        return System.Text.RegularExpressions.Regex.Match(html, "name=\"submission\" value=\"([0-9a-f]{32})\"") is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException("The survey page has no submission id.");
    }

    /// <summary>Flushes the survey's staged responses (by a release, as the admin) and counts the stored ones whose comment is <paramref name="marker"/>.</summary>
    public static async Task<int> StoredResponsesAsync(HttpClient app, TableServiceClient tables, string marker)
    {
        using (var release = AppProcess.AsAdmin(HttpMethod.Post, $"/api/partnerships/{PartnershipId}/surveys/{SurveyId}/releases"))
        {
            (await app.SendAsync(release)).EnsureSuccessStatusCode();
        }

        return (await new StrategyReports.Functions.Surveys.SurveyResponseStore(tables).ListAsync(PartnershipId, SurveyId))
            .Count(response => response.ToJson().Contains($"\"{marker}\"", StringComparison.Ordinal));
    }

    /// <summary>Asserts a response's status, with its body in the message when it differs.</summary>
    public static async Task ExpectAsync(HttpStatusCode expected, Task<HttpResponseMessage> sending)
    {
        ArgumentNullException.ThrowIfNull(sending);
        using var response = await sending;
        Assert.True(response.StatusCode == expected, $"Expected {expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task<JsonElement> GetJsonAsync(HttpClient app, string path)
    {
        using var request = AppProcess.AsAdmin(HttpMethod.Get, path);
        using var response = await app.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Invokes a timer function as the Functions host does; its <c>ReturnValue</c> says what the run did.</summary>
    public static async Task<string> RunTimerAsync(HttpClient app, string name, CancellationToken cancellationToken = default)
    {
        var now = DateTimeOffset.UtcNow;
        var data = $$"""{"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last":"{{now.AddDays(-1):O}}","Next":"{{now:O}}","LastUpdated":"{{now.AddDays(-1):O}}"},"IsPastDue":false}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/{name}", UriKind.Relative))
        {
            Content = JsonContent.Create(new
            {
                Data = new Dictionary<string, JsonElement> { ["timer"] = JsonDocument.Parse(data).RootElement },
                Metadata = new { sys = new { MethodName = name, UtcNow = now, RandGuid = Guid.NewGuid() } },
            }),
        };
        request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        using var response = await app.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"Timer {name}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("ReturnValue").GetString() ?? "";
    }

    /// <summary>The app in the test's own process (no process of its own is needed to see its answers), its storage through the proxies.</summary>
    public static AppFactory InProcess(ProxiedStorage storage)
    {
        var factory = new AppFactory(storage);
        factory.Settings["Auth:ApiKeys:9:Name"] = "fault-test admin";
        factory.Settings["Auth:ApiKeys:9:Key"] = AppProcess.AdminKey;
        factory.Settings["Auth:ApiKeys:9:Role"] = "admin";
        factory.Settings["Auth:ApiKeys:9:Partnership"] = "*";
        return factory;
    }

    /// <summary>A partition's rows, read straight from storage; none when the table does not exist.</summary>
    public static async Task<List<TableEntity>> RowsAsync(TableClient table, string partition)
    {
        var rows = new List<TableEntity>();
        try
        {
            await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}")))
            {
                rows.Add(row);
            }
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            // The table was never created: nothing was ever stored in it.
        }

        return rows;
    }

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
