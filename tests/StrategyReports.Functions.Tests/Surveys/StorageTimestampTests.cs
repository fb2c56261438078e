using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Surveys;
using StrategyReports.Surveys;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Surveys;

/// <summary>
/// What storage itself records about a response, through the real app and Azurite: write times that
/// can't be paired with code use, staged rows nobody can read, and batches that survive restarts and
/// crashes without losing or doubling a response.
/// </summary>
/// <remarks>Each test has storage of its own, so raw tables hold only its own rows.</remarks>
public sealed class StorageTimestampTests : IAsyncLifetime
{
    private const string SurveyId = "wellbeing-pulse";
    private const string Partition = "bury|" + SurveyId;
    private const int BatchSize = 8;
    private readonly AzuriteFixture _azurite = new();
    private readonly List<AppFactory> _factories = [];
    private TestClock _clock = null!;

    public Task InitializeAsync() => _azurite.InitializeAsync();

    public async Task DisposeAsync()
    {
        foreach (var factory in _factories)
        {
            await factory.DisposeAsync();
        }

        await _azurite.DisposeAsync();
    }

    private AppFactory NewApp(int batchSize = BatchSize, Action<IServiceCollection>? services = null)
    {
        var factory = new AppFactory(_azurite);
        factory.Settings["Surveys:RateLimitPermits"] = "1000";
        factory.Settings["Surveys:BurstLimit"] = "1000";
        factory.Settings["Surveys:FlushBatchSize"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _clock = factory.UseClock(SurveyTesting.BothOpen);
        if (services is not null)
        {
            factory.TestServices.Add(services);
        }

        _factories.Add(factory);
        return factory;
    }

    private static async Task AnswerAsync(AppFactory factory, int person, string? code = null)
    {
        using var client = factory.CreateClient();
        var response = await client.PostAsJsonAsync(new Uri($"/api/surveys/{SurveyId}/responses", UriKind.Relative), new
        {
            partner = "nca",
            code,
            answers = new Dictionary<string, object>
            {
                ["wellbeing-supported"] = 1 + (person % 5),
                ["wellbeing-conversation"] = 1 + (person / 5 % 5),
                ["wellbeing-resources"] = 3,
                ["inclusive-manager"] = 3,
                ["recommend-place-to-work"] = person % 11,
                ["one-change"] = $"answer of person {person}",
            },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private async Task<List<TableEntity>> RowsAsync(string table)
    {
        var client = new TableServiceClient(_azurite.ConnectionString).GetTableClient(table);
        await client.CreateIfNotExistsAsync();
        var rows = new List<TableEntity>();
        await foreach (var row in client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}")))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Every stored response, as the attacker reads storage: each with its row's Timestamp, in the order the rows hold them.</summary>
    private async Task<List<(DateTimeOffset Timestamp, int Person)>> StoredResponsesAsync() =>
        [.. (await RowsAsync(SurveyResponseStore.TableName)).SelectMany(row => SurveyResponseStore.Items(row).Select(item => (row.Timestamp!.Value, PersonOf(item.Response))))];

    private static int PersonOf(SurveyResponse response) =>
        int.Parse(((TextAnswer)response.Answers["one-change"]).Text["answer of person ".Length..], System.Globalization.CultureInfo.InvariantCulture);

    private static Task<string> RunTimerAsync(AppFactory factory) =>
        factory.Services.GetServices<ITimerFunction>().Single(timer => timer.Name == "FlushSurveyResponses")
            .RunAsync(new TimerInvocation("FlushSurveyResponses", "test", new TimerInfo(new TimerScheduleInfo(AdjustForDst: true), null, IsPastDue: false), DateTimeOffset.UtcNow), CancellationToken.None);

    [Fact]
    public async Task The_write_times_of_responses_cannot_be_paired_with_the_use_of_codes_better_than_chance()
    {
        const int People = 32;
        var factory = NewApp();
        await factory.PublishBuryAsync();
        using (var admin = factory.CreateClient(AppFactory.BuryAdminKey))
        {
            var issued = await admin.PostAsJsonAsync(new Uri($"/api/partnerships/bury/surveys/{SurveyId}/codes", UriKind.Relative), new { count = People });
            Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
            var codes = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("codes").EnumerateArray().Select(code => code.GetString()!).ToList();

            // One person at a time, each with the code the admin handed them, a few milliseconds apart.
            for (var person = 0; person < People; person++)
            {
                await AnswerAsync(factory, person, codes[person]);
                await Task.Delay(15);
            }

            // The app's own flushes: full buffers as responses arrive and on the timer, then everything once the survey has closed.
            await RunTimerAsync(factory);
            _clock.Now = new DateTimeOffset(2025, 11, 3, 8, 0, 0, TimeSpan.Zero);
            await RunTimerAsync(factory);

            // The attacker: every raw row of both tables, Timestamps included, and which code row is whose
            // (the admin issued the codes; here even the secret is known, to put each code on its row).
            var secret = Encoding.UTF8.GetBytes("testing-only-survey-code-secret-not-a-secret");
            var personOfCodeRow = codes.Select((code, person) => (Key: Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(code.Replace("-", "", StringComparison.Ordinal)))), person))
                .ToDictionary(pair => pair.Key, pair => pair.person, StringComparer.Ordinal);
            var responses = await StoredResponsesAsync();
            var spent = (await RowsAsync(SurveyCodeStore.TableName)).Where(row => row.GetBoolean("Spent") == true).ToList();
            Assert.Equal(People, responses.Count);
            Assert.Equal(People, spent.Count);
            Assert.Empty(await RowsAsync(SurveyStaging.TableName));

            // Strategy 1: each used code goes with the response written nearest in time.
            var nearest = spent.Count(code => responses.MinBy(response => (response.Timestamp - code.Timestamp!.Value).Duration()).Person == personOfCodeRow[code.RowKey]);

            // Strategy 2: codes in the order they were marked against responses in the order they were written.
            var byCodeOrder = spent.OrderBy(code => code.Timestamp).Select(code => personOfCodeRow[code.RowKey]).ToList();
            var byResponseOrder = responses.OrderBy(response => response.Timestamp).Select(response => response.Person).ToList();
            var inOrder = byCodeOrder.Zip(byResponseOrder).Count(pair => pair.First == pair.Second);

            // Strategy 3: the write order of responses alone against the order people answered in (which the admin may know).
            var inArrivalOrder = byResponseOrder.Select((person, i) => person == i).Count(same => same);

            // Chance pairs about one in a random matching; batches of 8 would allow about 4; anything like the 32 of
            // immediate writes means the times give people away.
            var chance = (People / BatchSize) + 3;
            Assert.True(nearest <= chance, $"nearest-in-time pairs {nearest} of {People} codes with their response");
            Assert.True(inOrder <= chance, $"pairing in order of write time matches {inOrder} of {People}");
            Assert.True(inArrivalOrder <= chance, $"responses were written in the order people answered: {inArrivalOrder} of {People} in place");
        }
    }

    [Fact]
    public async Task A_staged_response_is_ciphertext_of_a_fixed_size_under_a_random_key()
    {
        var factory = NewApp();
        await factory.PublishBuryAsync();
        await AnswerAsync(factory, 1);
        using (var client = factory.CreateClient())
        {
            // A comment of 156 characters seals to the same size as a few words.
            var response = await client.PostAsJsonAsync(new Uri($"/api/surveys/{SurveyId}/responses", UriKind.Relative), new
            {
                partner = "bury-hospice",
                answers = new Dictionary<string, object>
                {
                    ["wellbeing-supported"] = 2, ["wellbeing-conversation"] = 2, ["wellbeing-resources"] = 2, ["inclusive-manager"] = 2, ["recommend-place-to-work"] = 2,
                    ["one-change"] = string.Concat(Enumerable.Repeat("My manager never listens. ", 6)),
                },
            });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        var staged = await RowsAsync(SurveyStaging.TableName);
        Assert.Equal(2, staged.Count);
        Assert.Empty(await RowsAsync(SurveyResponseStore.TableName));
        Assert.All(staged, row =>
        {
            Assert.Matches("^r[0-9a-f]{32}$", row.RowKey);
            Assert.Equal(["S0"], row.Keys.Where(key => key is not ("PartitionKey" or "RowKey" or "Timestamp") && !key.StartsWith("odata.", StringComparison.Ordinal)));
            var bytes = row.GetBinary("S0");
            Assert.Equal(ResponseSeal.Buckets[0] + ResponseSeal.Overhead, bytes.Length);
            var asText = Encoding.UTF8.GetString(bytes) + Encoding.Latin1.GetString(bytes);
            Assert.DoesNotContain("person", asText, StringComparison.Ordinal);
            Assert.DoesNotContain("manager", asText, StringComparison.Ordinal);
            Assert.DoesNotContain("nca", asText, StringComparison.Ordinal);
            Assert.DoesNotContain("hospice", asText, StringComparison.Ordinal);
        });

        // The anonymity page says so, with this app's batch size.
        using var reader = factory.CreateClient();
        var page = await reader.GetStringAsync(new Uri("/about/anonymity", UriKind.Relative));
        Assert.Contains($"at least {BatchSize} are waiting", page, StringComparison.Ordinal);
        Assert.Contains("encrypted (AES-GCM", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staged_responses_survive_a_restart_and_are_flushed_by_the_next_release()
    {
        var first = NewApp(batchSize: 50);
        await first.PublishBuryAsync();
        for (var person = 0; person < 12; person++)
        {
            await AnswerAsync(first, person);
        }

        Assert.Equal(12, (await RowsAsync(SurveyStaging.TableName)).Count);
        await first.DisposeAsync();
        _factories.Remove(first);

        // A new instance: its timer leaves a part-filled buffer alone; the admin's release flushes it first and counts it.
        var second = NewApp(batchSize: 50);
        Assert.Contains("12 waiting", await RunTimerAsync(second), StringComparison.Ordinal);
        using var admin = second.CreateClient(AppFactory.BuryAdminKey);
        var release = await admin.PostAsync(new Uri($"/api/partnerships/bury/surveys/{SurveyId}/releases", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, release.StatusCode);
        Assert.Equal(["nca"], (await release.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("partnersReleased").EnumerateArray().Select(p => p.GetString()));
        Assert.Empty(await RowsAsync(SurveyStaging.TableName));
        Assert.Equal(Enumerable.Range(0, 12), (await StoredResponsesAsync()).Select(response => response.Person).Order());
    }

    [Fact]
    public async Task A_flush_that_fails_halfway_loses_nothing_and_finishing_it_stores_nothing_twice()
    {
        var realTables = new TableServiceClient(_azurite.ConnectionString);
        var (failWrites, failDeletes) = (false, false);
        var responses = Forwarding(realTables.GetTableClient(SurveyResponseStore.TableName), _ => failWrites);
        var staging = Forwarding(realTables.GetTableClient(SurveyStaging.TableName), actions => failDeletes && actions.Any(action => action.ActionType == TableTransactionActionType.Delete));
        var tables = new Mock<TableServiceClient>();
        tables.Setup(t => t.GetTableClient(It.IsAny<string>())).Returns((string name) => name switch
        {
            SurveyResponseStore.TableName => responses,
            SurveyStaging.TableName => staging,
            _ => realTables.GetTableClient(name),
        });
        var factory = NewApp(batchSize: 50, services => services.AddSingleton(tables.Object));
        await factory.PublishBuryAsync();
        for (var person = 0; person < 12; person++)
        {
            await AnswerAsync(factory, person);
        }

        // Storage refuses the permanent rows: nothing is written, everything stays staged.
        failWrites = true;
        await Assert.ThrowsAsync<RequestFailedException>(() => factory.FlushAsync(SurveyId));
        Assert.Empty(await RowsAsync(SurveyResponseStore.TableName));
        Assert.Equal(12, (await RowsAsync(SurveyStaging.TableName)).Count);

        // The permanent rows are written, then the process "dies" before the staged rows are deleted.
        (failWrites, failDeletes) = (false, true);
        await Assert.ThrowsAsync<RequestFailedException>(() => factory.FlushAsync(SurveyId));
        Assert.Equal(12, (await StoredResponsesAsync()).Count);
        Assert.Equal(12, (await RowsAsync(SurveyStaging.TableName)).Count);

        // The next flush finishes the job: each response once, nothing left staged.
        failDeletes = false;
        Assert.Equal(12, (await factory.FlushAsync(SurveyId)).Flushed);
        Assert.Equal(Enumerable.Range(0, 12), (await StoredResponsesAsync()).Select(response => response.Person).Order());
        Assert.Empty(await RowsAsync(SurveyStaging.TableName));
    }

    [Fact]
    public async Task A_full_buffer_is_written_from_the_instance_memory_without_reading_the_staged_rows_back()
    {
        var realTables = new TableServiceClient(_azurite.ConnectionString);
        var reads = 0;
        var staging = Forwarding(realTables.GetTableClient(SurveyStaging.TableName), _ => false, () => Interlocked.Increment(ref reads));
        var tables = new Mock<TableServiceClient>();
        tables.Setup(t => t.GetTableClient(It.IsAny<string>())).Returns((string name) => name == SurveyStaging.TableName ? staging : realTables.GetTableClient(name));
        var factory = NewApp(services: services => services.AddSingleton(tables.Object));
        await factory.PublishBuryAsync();

        // Answers arriving together share staging rows; each full buffer is flushed in the background.
        for (var batch = 0; batch < 2; batch++)
        {
            await Task.WhenAll(Enumerable.Range(batch * BatchSize, BatchSize).Select(person => AnswerAsync(factory, person)));
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((await RowsAsync(SurveyStaging.TableName)).Count > 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            Assert.Empty(await RowsAsync(SurveyStaging.TableName));
        }

        Assert.Equal(Enumerable.Range(0, BatchSize * 2), (await StoredResponsesAsync()).Select(response => response.Person).Order());
        Assert.Equal(0, reads);
    }

    [Fact]
    public async Task A_code_whose_response_storage_failed_to_keep_stays_unused_and_answers_once_later()
    {
        var realTables = new TableServiceClient(_azurite.ConnectionString);
        var storageDown = true;
        var staging = Forwarding(realTables.GetTableClient(SurveyStaging.TableName), _ => storageDown);
        var tables = new Mock<TableServiceClient>();
        tables.Setup(t => t.GetTableClient(It.IsAny<string>())).Returns((string name) => name == SurveyStaging.TableName ? staging : realTables.GetTableClient(name));
        var factory = NewApp(services: services => services.AddSingleton(tables.Object));
        await factory.PublishBuryAsync();
        using var admin = factory.CreateClient(AppFactory.BuryAdminKey);
        var issued = await admin.PostAsJsonAsync(new Uri($"/api/partnerships/bury/surveys/{SurveyId}/codes", UriKind.Relative), new { count = 1 });
        var code = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("codes")[0].GetString();
        using var client = factory.CreateClient();
        Task<HttpResponseMessage> PostAsync() => client.PostAsJsonAsync(new Uri($"/api/surveys/{SurveyId}/responses", UriKind.Relative), new
        {
            partner = "nca",
            code,
            answers = new Dictionary<string, object> { ["wellbeing-supported"] = 4, ["wellbeing-conversation"] = 4, ["wellbeing-resources"] = 4, ["inclusive-manager"] = 4, ["recommend-place-to-work"] = 8 },
        });

        // The response and its code's claim go in one transaction: failing, it keeps neither.
        var failed = await PostAsync();
        Assert.False(failed.IsSuccessStatusCode);
        Assert.Equal("application/problem+json", failed.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await RowsAsync(SurveyStaging.TableName));

        storageDown = false;
        Assert.Equal(HttpStatusCode.Created, (await PostAsync()).StatusCode);
        var again = await PostAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Equal(["code"], (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    /// <summary>
    /// A table client passing every call to the real one, except writes <paramref name="fails"/> picks (a
    /// single write as a one-action transaction), which fail as an outage; <paramref name="queried"/> hears of each query.
    /// </summary>
    private static TableClient Forwarding(TableClient real, Func<IReadOnlyList<TableTransactionAction>, bool> fails, Action? queried = null)
    {
        var table = new Mock<TableClient>();
        table.Setup(t => t.CreateIfNotExistsAsync(It.IsAny<CancellationToken>())).Returns((CancellationToken c) => real.CreateIfNotExistsAsync(c));
        table.Setup(t => t.AddEntityAsync(It.IsAny<TableEntity>(), It.IsAny<CancellationToken>()))
            .Returns((TableEntity e, CancellationToken c) => fails([new(TableTransactionActionType.Add, e)]) ? throw new RequestFailedException(503, "Injected storage outage.") : real.AddEntityAsync(e, c));
        table.Setup(t => t.UpsertEntityAsync(It.IsAny<TableEntity>(), It.IsAny<TableUpdateMode>(), It.IsAny<CancellationToken>()))
            .Returns((TableEntity e, TableUpdateMode m, CancellationToken c) => fails([new(TableTransactionActionType.UpsertReplace, e)]) ? throw new RequestFailedException(503, "Injected storage outage.") : real.UpsertEntityAsync(e, m, c));
        table.Setup(t => t.DeleteEntityAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<ETag>(), It.IsAny<CancellationToken>()))
            .Returns((string p, string r, ETag e, CancellationToken c) => real.DeleteEntityAsync(p, r, e, c));
        table.Setup(t => t.GetEntityIfExistsAsync<TableEntity>(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<IEnumerable<string>>(), It.IsAny<CancellationToken>()))
            .Returns((string p, string r, IEnumerable<string> s, CancellationToken c) => real.GetEntityIfExistsAsync<TableEntity>(p, r, s, c));
        table.Setup(t => t.QueryAsync<TableEntity>(It.IsAny<string>(), It.IsAny<int?>(), It.IsAny<IEnumerable<string>>(), It.IsAny<CancellationToken>()))
            .Returns((string f, int? m, IEnumerable<string> s, CancellationToken c) =>
            {
                queried?.Invoke();
                return real.QueryAsync<TableEntity>(f, m, s, c);
            });
        table.Setup(t => t.SubmitTransactionAsync(It.IsAny<IEnumerable<TableTransactionAction>>(), It.IsAny<CancellationToken>()))
            .Returns((IEnumerable<TableTransactionAction> actions, CancellationToken c) =>
            {
                var list = actions.ToList();
                return fails(list) ? throw new RequestFailedException(503, "Injected storage outage.") : real.SubmitTransactionAsync(list, c);
            });
        return table.Object;
    }
}
