using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Mvc.Testing;
using StrategyReports.Functions.Returns;
using StrategyReports.Functions.Surveys;
using StrategyReports.TestSupport;

using static StrategyReports.Functions.Tests.Reliability.LiveApp;

namespace StrategyReports.Functions.Tests.Reliability;

/// <summary>
/// A submission whose answer never reached the client (it gave up waiting, the connection was lost after storage had
/// committed, the app died before answering) is retried with the same <c>Idempotency-Key</c> and gets the first
/// version back; no second version is ever stored. The return form carries its key in a hidden field, so a double
/// click or a browser's retry stores one version too.
/// </summary>
[Collection(FaultTests.Collection)]
public sealed class IdempotentRetryTests(FaultStorage faults)
{
    // The one request that commits a return: an entity-group transaction.
    private static bool IsCommit(ProxiedRequest request) => request.Method == "POST" && request.Path.EndsWith("/$batch", StringComparison.Ordinal);

    [Fact]
    public async Task A_client_that_gave_up_waiting_and_retries_with_the_same_key_gets_the_first_version()
    {
        await using var rig = await InProcessRig.StartAsync(faults.NewStorage());
        var commitAnswer = rig.Storage.Table.HoldAnswers(IsCommit);
        using var patience = new CancellationTokenSource();
        var first = SubmitReturnAsync(rig.App, "trust", 10, "waited too long", null, "key-1", patience.Token);
        await commitAnswer.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        await patience.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);

        using var retry = await SubmitReturnAsync(rig.App, "trust", 10, "waited too long", null, "key-1");
        commitAnswer.Release();

        await AssertFirstVersionAsync(retry, replayed: true);
        Assert.Equal(1, await rig.VersionsAsync("trust"));
    }

    [Fact]
    public async Task A_commit_whose_answer_was_lost_is_retried_by_the_storage_client_and_answered_as_stored_with_or_without_a_key()
    {
        await using var rig = await InProcessRig.StartAsync(faults.NewStorage());

        foreach (var (partner, key) in new[] { ("trust", "key-2"), ("council", (string?)null) })
        {
            var commitAnswer = rig.Storage.Table.HoldAnswers(IsCommit);
            var submitting = SubmitReturnAsync(rig.App, partner, 10, "answer lost", null, key);
            await commitAnswer.Reached.WaitAsync(TimeSpan.FromSeconds(30));

            // Storage committed; the connection drops before its answer arrives, and the storage client sends the transaction again.
            commitAnswer.Discard();

            using var response = await submitting;
            await AssertFirstVersionAsync(response, replayed: key is not null);
            Assert.Equal(1, await rig.VersionsAsync(partner));
        }
    }

    [Fact]
    public async Task A_retry_that_overtakes_the_first_attempt_stores_one_version_and_the_first_attempt_adds_nothing()
    {
        await using var rig = await InProcessRig.StartAsync(faults.NewStorage());
        var commits = 0;
        var firstCommit = rig.Storage.Table.HoldRequests(request => IsCommit(request) && Interlocked.Increment(ref commits) == 1);
        using var patience = new CancellationTokenSource();
        var first = SubmitReturnAsync(rig.App, "trust", 10, "overtaken", null, "key-3", patience.Token);
        await firstCommit.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        await patience.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);

        using var retry = await SubmitReturnAsync(rig.App, "trust", 10, "overtaken", null, "key-3");
        await AssertFirstVersionAsync(retry, replayed: false);

        // The first attempt's transaction reaches storage late, after the retry's.
        firstCommit.Release();
        using var third = await SubmitReturnAsync(rig.App, "trust", 10, "overtaken", null, "key-3");
        await AssertFirstVersionAsync(third, replayed: true);
        Assert.Equal(1, await rig.VersionsAsync("trust"));
    }

    [Fact]
    public async Task A_double_click_on_the_return_form_stores_one_version_and_both_pages_confirm_it()
    {
        await using var rig = await InProcessRig.StartAsync(faults.NewStorage());
        var browser = new FormBrowser(rig.App, behindTlsFrontEnd: false);
        await browser.OpenAsync("care-home");
        var page = await browser.HiddenFieldsAsync();
        var commits = 0;
        var firstCommitAnswer = rig.Storage.Table.HoldAnswers(request => IsCommit(request) && Interlocked.Increment(ref commits) == 1);

        var click = browser.PostAsync(page, 7, "double click");
        await firstCommitAnswer.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        var secondClick = browser.PostAsync(page, 7, "double click");
        var second = await (await secondClick).Content.ReadAsStringAsync();
        firstCommitAnswer.Release();
        var first = await (await click).Content.ReadAsStringAsync();

        Assert.Equal(1, FormBrowser.ConfirmedVersion(first));
        Assert.Equal(1, FormBrowser.ConfirmedVersion(second));
        Assert.Equal(1, await rig.VersionsAsync("care-home"));
    }

    [Fact]
    [Trait(Categories.Name, Categories.Slow)]
    public async Task After_the_app_died_between_storing_and_answering_the_same_key_or_the_same_form_gets_the_first_version()
    {
        await using var storage = faults.NewStorage();
        await using var app = await AppProcess.StartAsync(storage.ConnectionString, Settings());
        await ExpectAsync(HttpStatusCode.Created, PublishAsync(app.Http, Strategy()));
        var browser = FormBrowser.For(app);
        await browser.OpenAsync("care-home");
        var page = await browser.HiddenFieldsAsync();

        var commitAnswers = storage.Table.HoldAnswers(IsCommit);
        var viaApi = SubmitReturnAsync(app.Http, "trust", 10, "app died", null, "key-5");
        var viaForm = browser.PostAsync(page, 7, "app died");
        await commitAnswers.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        while (storage.Table.Counts.RequestsHeld < 2)
        {
            await Task.Delay(50);
        }

        await app.KillAsync();
        commitAnswers.Discard();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => viaApi);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => viaForm);
        await app.RestartAsync();

        using var apiRetry = await SubmitReturnAsync(app.Http, "trust", 10, "app died", null, "key-5");
        await AssertFirstVersionAsync(apiRetry, replayed: true);
        using var formRetry = await browser.PostAsync(page, 7, "app died");
        Assert.Equal(1, FormBrowser.ConfirmedVersion(await formRetry.Content.ReadAsStringAsync()));
        var tables = new TableServiceClient(storage.DirectConnectionString);
        Assert.Equal(1, await CountVersionsAsync(tables, "trust"));
        Assert.Equal(1, await CountVersionsAsync(tables, "care-home"));
    }

    [Fact]
    public async Task A_survey_response_whose_answer_was_lost_is_acknowledged_and_stored_once()
    {
        await using var rig = await InProcessRig.StartAsync(faults.NewStorage());
        var stagingAnswer = rig.Storage.Table.HoldAnswers(request => request.Method == "POST" && request.Path.EndsWith("/" + SurveyStaging.TableName, StringComparison.Ordinal));
        var responding = RespondAsync(rig.App, "trust", "answer lost");
        await stagingAnswer.Reached.WaitAsync(TimeSpan.FromSeconds(30));

        // Storage kept it; the connection drops before its answer arrives, and the storage client sends it again.
        stagingAnswer.Discard();

        using var response = await responding;
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var staged = await RowsAsync(
            new TableServiceClient(rig.Storage.DirectConnectionString).GetTableClient(SurveyStaging.TableName), SurveyResponseStore.PartitionKey(PartnershipId, SurveyId));
        Assert.Single(staged, row => row.RowKey.StartsWith('r'));
    }

    [Fact]
    [Trait(Categories.Name, Categories.Slow)]
    public async Task After_the_app_died_between_staging_and_answering_a_survey_response_retried_with_its_key_or_from_the_same_page_counts_once()
    {
        await using var storage = faults.NewStorage();
        await using var app = await AppProcess.StartAsync(storage.ConnectionString, Settings());
        await ExpectAsync(HttpStatusCode.Created, PublishAsync(app.Http, Strategy()));
        var submission = await SurveyPageSubmissionAsync(app.Http, "council");

        static bool IsStaging(ProxiedRequest request) => request.Method == "POST" && request.Path.EndsWith("/" + SurveyStaging.TableName, StringComparison.Ordinal);
        var stagingAnswers = storage.Table.HoldAnswers(IsStaging);
        var viaApi = RespondAsync(app.Http, "trust", "api retry", idempotencyKey: "respondent-7");
        await stagingAnswers.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        var viaPage = RespondThroughPageAsync(app.Http, "council", "page retry", submission);
        while (storage.Table.Counts.RequestsHeld < 2)
        {
            await Task.Delay(50);
        }

        await app.KillAsync();
        stagingAnswers.Discard();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => viaApi);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => viaPage);
        await app.RestartAsync();

        await ExpectAsync(HttpStatusCode.Created, RespondAsync(app.Http, "trust", "api retry", idempotencyKey: "respondent-7"));
        using (var pageRetry = await RespondThroughPageAsync(app.Http, "council", "page retry", submission))
        {
            Assert.Contains("Thank you", await pageRetry.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The same key with other answers is another response, never one silently dropped.
        await ExpectAsync(HttpStatusCode.Created, RespondAsync(app.Http, "trust", "api retry, changed", idempotencyKey: "respondent-7"));
        var tables = new TableServiceClient(storage.DirectConnectionString);
        Assert.Equal(1, await StoredResponsesAsync(app.Http, tables, "api retry"));
        Assert.Equal(1, await StoredResponsesAsync(app.Http, tables, "page retry"));
        Assert.Equal(1, await StoredResponsesAsync(app.Http, tables, "api retry, changed"));
    }

    [Fact]
    public async Task A_survey_response_with_a_malformed_idempotency_key_is_refused_naming_the_header_and_nothing_is_stored()
    {
        await using var rig = await InProcessRig.StartAsync(faults.NewStorage());

        using var response = await RespondAsync(rig.App, "trust", "bad key", idempotencyKey: "has space");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Idempotency-Key", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var staged = await RowsAsync(
            new TableServiceClient(rig.Storage.DirectConnectionString).GetTableClient(SurveyStaging.TableName), SurveyResponseStore.PartitionKey(PartnershipId, SurveyId));
        Assert.DoesNotContain(staged, row => row.RowKey.StartsWith('r'));
    }

    private static async Task AssertFirstVersionAsync(HttpResponseMessage response, bool replayed)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {body}");
        Assert.Equal(1, JsonDocument.Parse(body).RootElement.GetProperty("version").GetInt32());
        Assert.Equal(replayed, response.Headers.Contains("Idempotent-Replayed"));
    }

    internal static async Task<int> CountVersionsAsync(TableServiceClient tables, string partner) =>
        (await RowsAsync(tables.GetTableClient(ReturnStore.TableName), ReturnStore.PartitionKey(PartnershipId, Period)))
            .Count(row => row.RowKey.StartsWith($"version|{partner}|", StringComparison.Ordinal));

    /// <summary>The app in the test's process with its own storage account behind proxies, and the live partnership published.</summary>
    private sealed class InProcessRig : IAsyncDisposable
    {
        private InProcessRig(ProxiedStorage storage, AppFactory factory)
        {
            Storage = storage;
            Factory = factory;
            App = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = false });
        }

        public ProxiedStorage Storage { get; }

        public AppFactory Factory { get; }

        public HttpClient App { get; }

        public static async Task<InProcessRig> StartAsync(ProxiedStorage storage)
        {
            var rig = new InProcessRig(storage, InProcess(storage));
            await ExpectAsync(HttpStatusCode.Created, PublishAsync(rig.App, Strategy()));
            return rig;
        }

        public Task<int> VersionsAsync(string partner) => CountVersionsAsync(new TableServiceClient(Storage.DirectConnectionString), partner);

        public async ValueTask DisposeAsync()
        {
            App.Dispose();
            await Factory.DisposeAsync();
            await Storage.DisposeAsync();
        }
    }
}
