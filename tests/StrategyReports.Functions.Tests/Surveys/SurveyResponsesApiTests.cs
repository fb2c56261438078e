using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StrategyReports.Functions.Surveys;
using StrategyReports.Surveys;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Surveys;

public sealed class SurveyResponsesApiTests : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly AzuriteFixture _azurite;
    private readonly AppFactory _factory;
    private readonly TestClock _clock;

    public SurveyResponsesApiTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
        _factory = new AppFactory(azurite);
        _factory.Settings["Surveys:RateLimitPermits"] = "1000";
        _clock = _factory.UseClock(SurveyTesting.BothOpen);
    }

    public void Dispose() => _factory.Dispose();

    private static JsonObject ValidWellbeing(string partner = "nca") => new()
    {
        ["partner"] = partner,
        ["answers"] = new JsonObject
        {
            ["wellbeing-supported"] = 4,
            ["wellbeing-conversation"] = 2,
            ["wellbeing-resources"] = 5,
            ["inclusive-manager"] = 3,
            ["recommend-place-to-work"] = 9,
            ["one-change"] = "More time for breaks",
        },
    };

    private static JsonObject ValidNewStarter() => new()
    {
        ["partner"] = "pcft",
        ["answers"] = new JsonObject
        {
            ["understand-locality"] = 4,
            ["work-across-boundaries"] = 5,
            ["induction-received"] = "Yes",
            ["settling-in-help"] = new JsonArray("A buddy or mentor", "Wellbeing support"),
        },
    };

    private async Task<HttpResponseMessage> PostAsync(string surveyId, object body)
    {
        using var client = _factory.CreateClient();
        return await client.PostAsync(
            new Uri($"/api/surveys/{surveyId}/responses", UriKind.Relative),
            new StringContent(body is string text ? text : JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
    }

    /// <summary>The survey's stored responses, each with the batch row holding it, after flushing what it has staged as a release would.</summary>
    private async Task<List<(string Id, SurveyResponse Response, TableEntity Row)>> StoredRowsAsync(string surveyId)
    {
        await _factory.FlushAsync(surveyId);
        var table = new TableServiceClient(_azurite.ConnectionString).GetTableClient(SurveyResponseStore.TableName);
        await table.CreateIfNotExistsAsync();
        var stored = new List<(string Id, SurveyResponse Response, TableEntity Row)>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"bury|" + surveyId}")))
        {
            stored.AddRange(SurveyResponseStore.Items(row).Select(item => (item.Id, item.Response, row)));
        }

        return stored;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement;
    }

    [Fact]
    public async Task A_valid_response_is_201_and_is_stored_in_a_batch_row_with_only_its_answers_partner_and_day()
    {
        await _factory.PublishBuryAsync();
        var before = await StoredRowsAsync("wellbeing-pulse");

        var response = await PostAsync("wellbeing-pulse", ValidWellbeing());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("2025-10-15", receipt.GetProperty("day").GetString());
        var stored = Assert.Single((await StoredRowsAsync("wellbeing-pulse")).ExceptBy(before.Select(item => item.Id), item => item.Id));
        Assert.Equal("bury|wellbeing-pulse", stored.Row.PartitionKey);
        Assert.Matches("^b[0-9a-f]{32}$", stored.Row.RowKey);
        Assert.Equal(["R0"], stored.Row.Keys.Where(key => key is not ("PartitionKey" or "RowKey" or "Timestamp") && !key.StartsWith("odata.", StringComparison.Ordinal)));
        var item = Assert.Single(JsonNode.Parse(stored.Row.GetString("R0")!)!.AsArray())!.AsObject();
        Assert.Equal(["id", "response"], item.Select(pair => pair.Key).Order(StringComparer.Ordinal));
        var json = item["response"]!.AsObject();
        Assert.Equal(["answers", "day", "partnerId", "surveyId"], json.Select(pair => pair.Key).Order(StringComparer.Ordinal));
        Assert.Equal("nca", stored.Response.PartnerId);
        Assert.Equal(new DateOnly(2025, 10, 15), stored.Response.Day);
        Assert.Equal(new LikertAnswer(4), stored.Response.Answers["wellbeing-supported"]);
        Assert.Equal(new TextAnswer("More time for breaks"), stored.Response.Answers["one-change"]);
    }

    [Fact]
    public async Task Response_ids_and_row_keys_are_random_not_time_ordered()
    {
        await _factory.PublishBuryAsync();
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await PostAsync("new-starter", ValidNewStarter())).StatusCode);
            await _factory.FlushAsync("new-starter");
        }

        var stored = await StoredRowsAsync("new-starter");
        Assert.True(stored.Count >= 6);
        Assert.All(stored, item => Assert.Matches("^[0-9a-f]{32}$", item.Id));
        Assert.True(stored.Select(item => item.Id[..8]).Distinct().Count() > 1, "response ids share a time-like prefix");
        var rowKeys = stored.Select(item => item.Row.RowKey).Distinct().ToList();
        Assert.True(rowKeys.Count >= 6);
        Assert.True(rowKeys.Select(key => key[1..9]).Distinct().Count() > 1, "row keys share a time-like prefix");
    }

    [Fact]
    public async Task Responses_arriving_together_are_each_stored_once()
    {
        await _factory.PublishBuryAsync();
        var before = (await StoredRowsAsync("wellbeing-pulse")).Select(item => item.Id).ToHashSet();
        var comments = Enumerable.Range(0, 60).Select(i => $"together {i}").ToList();

        var statuses = await Task.WhenAll(comments.Select(async comment =>
        {
            var body = ValidWellbeing("pcft");
            body["answers"]!["one-change"] = comment;
            return (await PostAsync("wellbeing-pulse", body)).StatusCode;
        }));

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.Created, status));
        var added = (await StoredRowsAsync("wellbeing-pulse")).Where(item => !before.Contains(item.Id)).ToList();
        Assert.Equal(60, added.Count);
        Assert.Equal(60, added.Select(item => item.Id).Distinct().Count());
        Assert.Equal(comments.Order(StringComparer.Ordinal), added.Select(item => ((TextAnswer)item.Response.Answers["one-change"]).Text).Order(StringComparer.Ordinal));
    }

    public static TheoryData<string, string, string> BadAnswers() => new()
    {
        // survey, field to change as JSON path "answers.x" or "partner", its new JSON value (or "<remove>")
        { "wellbeing-pulse", "answers.no-such-question", "4" },
        { "wellbeing-pulse", "answers.wellbeing-supported", "\"four\"" },
        { "wellbeing-pulse", "answers.wellbeing-supported", "4.5" },
        { "wellbeing-pulse", "answers.wellbeing-supported", "6" },
        { "wellbeing-pulse", "answers.wellbeing-supported", "0" },
        { "wellbeing-pulse", "answers.wellbeing-supported", "[4]" },
        { "wellbeing-pulse", "answers.recommend-place-to-work", "11" },
        { "wellbeing-pulse", "answers.recommend-place-to-work", "-1" },
        { "wellbeing-pulse", "answers.recommend-place-to-work", "true" },
        { "wellbeing-pulse", "answers.one-change", "\"" + new string('x', 1001) + "\"" },
        { "wellbeing-pulse", "answers.one-change", "12" },
        { "wellbeing-pulse", "answers.wellbeing-supported", "<remove>" },
        { "wellbeing-pulse", "partner", "\"no-such-partner\"" },
        { "wellbeing-pulse", "partner", "<remove>" },
        { "new-starter", "answers.induction-received", "\"Maybe\"" },
        { "new-starter", "answers.induction-received", "[\"Yes\"]" },
        { "new-starter", "answers.settling-in-help", "\"A buddy or mentor\"" },
        { "new-starter", "answers.settling-in-help", "[\"A buddy or mentor\", \"A bicycle\"]" },
        { "new-starter", "answers.settling-in-help", "[\"Wellbeing support\", \"Wellbeing support\"]" },
    };

    [Theory]
    [MemberData(nameof(BadAnswers))]
    public async Task Every_bad_answer_is_a_422_naming_the_question_and_nothing_is_stored(string surveyId, string field, string value)
    {
        await _factory.PublishBuryAsync();
        var body = surveyId == "wellbeing-pulse" ? ValidWellbeing() : ValidNewStarter();
        var (parent, key) = field.StartsWith("answers.", StringComparison.Ordinal) ? (body["answers"]!.AsObject(), field["answers.".Length..]) : (body, field);
        parent.Remove(key);
        if (value != "<remove>")
        {
            parent[key] = JsonNode.Parse(value);
        }

        var before = (await StoredRowsAsync(surveyId)).Count;

        var problem = await ProblemAsync(await PostAsync(surveyId, body), HttpStatusCode.UnprocessableEntity);

        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"errors do not name {field}: {errors}");
        Assert.NotEmpty(messages.EnumerateArray().Single().GetString()!);
        Assert.Single(errors.EnumerateObject());
        Assert.Equal(before, (await StoredRowsAsync(surveyId)).Count);
    }

    [Theory]
    [InlineData("{\"partner\": \"nca\", \"answers\": ")]
    [InlineData("[1, 2]")]
    [InlineData("null")]
    [InlineData("{\"partner\": 7, \"answers\": {}}")]
    public async Task Malformed_bodies_are_400_problems_and_nothing_is_stored(string body)
    {
        await _factory.PublishBuryAsync();
        var before = (await StoredRowsAsync("wellbeing-pulse")).Count;

        await ProblemAsync(await PostAsync("wellbeing-pulse", body), HttpStatusCode.BadRequest);

        Assert.Equal(before, (await StoredRowsAsync("wellbeing-pulse")).Count);
    }

    [Fact]
    public async Task No_answers_at_all_is_422_naming_answers()
    {
        await _factory.PublishBuryAsync();

        var problem = await ProblemAsync(await PostAsync("wellbeing-pulse", new { partner = "nca", answers = new { } }), HttpStatusCode.UnprocessableEntity);

        Assert.True(problem.GetProperty("errors").TryGetProperty("answers", out _));
    }

    [Theory]
    [InlineData("no-such-survey")]
    [InlineData("Not_A_Survey")]
    public async Task An_unknown_survey_is_404(string surveyId)
    {
        await _factory.PublishBuryAsync();

        await ProblemAsync(await PostAsync(surveyId, ValidWellbeing()), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_closed_survey_is_410_and_one_not_yet_open_409_and_nothing_is_stored()
    {
        await _factory.PublishBuryAsync();
        var before = (await StoredRowsAsync("wellbeing-pulse")).Count;

        _clock.Now = new DateTimeOffset(2025, 11, 1, 0, 30, 0, TimeSpan.Zero); // 1 November in the UK: closed the day before.
        await ProblemAsync(await PostAsync("wellbeing-pulse", ValidWellbeing()), HttpStatusCode.Gone);
        _clock.Now = new DateTimeOffset(2025, 10, 5, 22, 59, 0, TimeSpan.Zero); // 23:59 on 5 October, BST: opens tomorrow.
        await ProblemAsync(await PostAsync("wellbeing-pulse", ValidWellbeing()), HttpStatusCode.Conflict);
        _clock.Now = new DateTimeOffset(2025, 10, 5, 23, 0, 0, TimeSpan.Zero); // Midnight of 6 October, BST: open.
        Assert.Equal(HttpStatusCode.Created, (await PostAsync("wellbeing-pulse", ValidWellbeing())).StatusCode);

        Assert.Equal(before + 1, (await StoredRowsAsync("wellbeing-pulse")).Count);
    }

    [Fact]
    public async Task A_body_over_the_survey_limit_is_413_though_far_below_the_app_limit()
    {
        await _factory.PublishBuryAsync();
        var before = (await StoredRowsAsync("wellbeing-pulse")).Count;
        var body = ValidWellbeing();
        body["answers"]!["one-change"] = new string('x', (int)SurveySetup.MaxResponseBodyBytes);

        await ProblemAsync(await PostAsync("wellbeing-pulse", body), HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal(before, (await StoredRowsAsync("wellbeing-pulse")).Count);
    }

    [Fact]
    public async Task Clients_over_the_rate_limit_get_429_problems()
    {
        _factory.Settings["Surveys:RateLimitPermits"] = "3";
        await _factory.PublishBuryAsync();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await PostAsync("new-starter", ValidNewStarter())).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        var problem = await ProblemAsync(await PostAsync("new-starter", ValidNewStarter()), HttpStatusCode.TooManyRequests);
        Assert.Equal("Too many responses", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task No_log_line_for_the_survey_paths_carries_the_client_address_or_user_agent()
    {
        var logs = new CapturingLoggerProvider();
        _factory.Settings["Logging:LogLevel:Default"] = "Trace";
        _factory.TestServices.Add(services => services.AddSingleton<ILoggerProvider>(logs));
        await _factory.PublishBuryAsync();
        const string Address = "203.0.113.77";
        const string Forwarded = "198.51.100.23";
        const string Agent = "SurveyProbe/9.9 (secret-device)";

        async Task<int> SendAsync(string method, string path, string contentType, string body)
        {
            var context = await _factory.Server.SendAsync(http =>
            {
                http.Connection.RemoteIpAddress = IPAddress.Parse(Address);
                http.Request.Method = method;
                http.Request.Path = path;
                http.Request.Headers.UserAgent = Agent;
                http.Request.Headers["X-Forwarded-For"] = Forwarded;
                if (body.Length > 0)
                {
                    var bytes = Encoding.UTF8.GetBytes(body);
                    http.Request.ContentType = contentType;
                    http.Request.ContentLength = bytes.Length;
                    http.Request.Body = new MemoryStream(bytes);
                }
            });
            return context.Response.StatusCode;
        }

        Assert.Equal(StatusCodes.Status201Created, await SendAsync("POST", "/api/surveys/wellbeing-pulse/responses", "application/json", ValidWellbeing().ToJsonString()));
        Assert.Equal(StatusCodes.Status422UnprocessableEntity, await SendAsync("POST", "/api/surveys/wellbeing-pulse/responses", "application/json", "{\"partner\":\"x\",\"answers\":{}}"));
        Assert.Equal(StatusCodes.Status400BadRequest, await SendAsync("POST", "/api/surveys/wellbeing-pulse/responses", "application/json", "{"));
        Assert.Equal(StatusCodes.Status404NotFound, await SendAsync("POST", "/api/surveys/nope/responses", "application/json", "{}"));
        Assert.Equal(StatusCodes.Status200OK, await SendAsync("GET", "/s/wellbeing-pulse", "", ""));
        Assert.Equal(StatusCodes.Status422UnprocessableEntity, await SendAsync("POST", "/s/wellbeing-pulse", "application/x-www-form-urlencoded", "partner=nca"));
        Assert.Equal(StatusCodes.Status200OK, await SendAsync("POST", "/s/wellbeing-pulse", "application/x-www-form-urlencoded", "partner=nca&answers.wellbeing-supported=4&answers.wellbeing-conversation=4&answers.wellbeing-resources=4&answers.inclusive-manager=4&answers.recommend-place-to-work=8"));

        var lines = logs.Lines.ToList();
        Assert.Contains(lines, line => line.Contains("/api/surveys/wellbeing-pulse/responses", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("/s/wellbeing-pulse", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains(Address, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains(Forwarded, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("SurveyProbe", StringComparison.Ordinal));
    }
}
