using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using StrategyReports.Functions.Returns;
using StrategyReports.Functions.Strategies;
using StrategyReports.Functions.Surveys;
using StrategyReports.TestSupport;
using Xunit.Abstractions;

using static StrategyReports.Functions.Tests.Reliability.LiveApp;

namespace StrategyReports.Functions.Tests.Reliability;

/// <summary>
/// Partners submit returns (through the API and the form), staff answer the survey and an admin publishes strategy
/// versions, each client retrying as a real one would, while storage is reset, delayed, dropped, slowed, frozen
/// (SIGSTOP), stopped (SIGTERM) and refused, and the app is killed (SIGKILL) and started again. Afterwards every
/// submission that was acknowledged is in storage exactly once, and nothing is stored twice.
/// </summary>
[Collection(FaultTests.Collection)]
public sealed class AcknowledgedSubmissionsTests(FaultStorage faults, ITestOutputHelper output)
{
    // One run of the clients under the faults, which both facts below judge.
    private static readonly SemaphoreSlim Running = new(1, 1);
    private static Workload? _run;

    [Fact]
    [Trait(Categories.Name, Categories.Slow)]
    public async Task Returns_form_posts_and_strategy_publishes_answered_201_are_stored_exactly_once_after_storage_faults_and_crashes()
    {
        var run = await RunOnceAsync();
        run.AssertExactlyOnce(["return", "form", "strategy"]);
    }

    /// <summary>
    /// Respondents retry with the same <c>Idempotency-Key</c>, so one stored just before the app died, its answer
    /// never sent, is stored under the same id again and counted once.
    /// </summary>
    [Fact]
    public async Task Survey_responses_answered_201_are_stored_and_counted_once_even_when_the_app_died_before_answering()
    {
        var run = await RunOnceAsync();
        run.AssertExactlyOnce(["survey"]);
    }

    private async Task<Workload> RunOnceAsync()
    {
        await Running.WaitAsync();
        try
        {
            if (_run is null)
            {
                var run = new Workload(faults);
                await run.RunAsync();
                _run = run;
            }

            foreach (var line in _run.Summary)
            {
                output.WriteLine(line);
            }

            return _run;
        }
        finally
        {
            Running.Release();
        }
    }
}

/// <summary>The clients, the faults, and what was acknowledged and stored.</summary>
internal sealed class Workload(FaultStorage faults)
{
    // How long a client keeps retrying one submission once the faults are over.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(20);

    private readonly ConcurrentBag<Acknowledged> _acknowledged = [];
    private readonly ConcurrentBag<string> _unacknowledged = [];
    private readonly ConcurrentBag<string> _unexpected = [];
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _failures = new(StringComparer.Ordinal);
    private Dictionary<string, List<int>> _stored = [];
    private int _attempts;
    private int _failedAttempts;

    public List<string> Summary { get; } = [];

    public async Task RunAsync()
    {
        var clock = Stopwatch.StartNew();
        await using var storage = faults.NewStorage();
        await using var app = await AppProcess.StartAsync(storage.ConnectionString, Settings(("Surveys__FlushBatchSize", "10")));
        await ExpectAsync(HttpStatusCode.Created, PublishAsync(app.Http, Strategy()));
        var browsers = new Dictionary<string, FormBrowser> { ["care-home"] = FormBrowser.For(app), ["hospice"] = FormBrowser.For(app) };
        foreach (var (partner, browser) in browsers)
        {
            await browser.OpenAsync(partner);
        }

        using var stop = new CancellationTokenSource();
        Task[] clients =
        [
            ApiReturnsAsync(app.Http, "trust", stop.Token),
            ApiReturnsAsync(app.Http, "council", stop.Token),
            .. browsers.Select(pair => FormReturnsAsync(pair.Value, pair.Key, stop.Token)),
            SurveyResponsesAsync(app.Http, 1, stop.Token),
            SurveyResponsesAsync(app.Http, 2, stop.Token),
            PublishesAsync(app.Http, stop.Token),
        ];
        var injected = await InjectFaultsAsync(storage, app);
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        // The faults are over: the app starts once more, and the survey's staged responses are flushed by a release.
        await app.RestartAsync();
        using (var release = AppProcess.AsAdmin(HttpMethod.Post, $"/api/partnerships/{PartnershipId}/surveys/{SurveyId}/releases"))
        {
            await ExpectAsync(HttpStatusCode.OK, app.Http.SendAsync(release));
        }

        _stored = await StoredAsync(new TableServiceClient(storage.DirectConnectionString));
        var counts = storage.Counts;
        Summary.Add(Invariant($"Faults injected: {string.Join("; ", injected)}."));
        Summary.Add(Invariant($"Proxies: {counts.Connections} connections, {counts.Requests} storage requests, {counts.ConnectionsReset} connections reset, {counts.RequestsDropped} requests dropped, {counts.RequestsDelayed} delayed."));
        Summary.Add(Invariant($"Clients: {_attempts} attempts, {_failedAttempts} failed or refused and retried; acknowledged {Count("return")} API returns, {Count("form")} form returns, {Count("survey")} survey responses, {Count("strategy")} strategy publishes; {_unacknowledged.Count} never acknowledged."));
        Summary.Add(Invariant($"Stored: {_stored.Count(pair => _acknowledged.All(a => a.Marker != pair.Key))} submissions stored without an acknowledgement ever reaching their client; stored more than once: {string.Join(", ", _stored.Where(pair => pair.Value.Count > 1).Select(pair => pair.Key).DefaultIfEmpty("none"))}. {clock.Elapsed.TotalSeconds:0} s."));
    }

    /// <summary>Every acknowledged submission of these kinds is stored once, as the version it was acknowledged as, and none of them twice.</summary>
    public void AssertExactlyOnce(string[] kinds)
    {
        bool Of(string marker) => kinds.Any(kind => marker.StartsWith(kind + "-", StringComparison.Ordinal));
        Assert.DoesNotContain(_unexpected, Of);
        Assert.DoesNotContain(_unacknowledged, Of);
        foreach (var acknowledged in _acknowledged.Where(a => Of(a.Marker)))
        {
            Assert.True(
                _stored.TryGetValue(acknowledged.Marker, out var copies) && copies.Count == 1 && copies.All(version => version == acknowledged.Version),
                $"{acknowledged.Marker}, acknowledged as version {acknowledged.Version}, is stored as [{string.Join(", ", copies ?? [])}]; before it was acknowledged: {string.Join(", ", _failures.GetValueOrDefault(acknowledged.Marker) ?? [])}.");
        }

        var duplicated = _stored.Where(pair => Of(pair.Key) && pair.Value.Count > 1).Select(pair => pair.Key).ToList();
        Assert.True(duplicated.Count == 0, $"Stored more than once: {string.Join(", ", duplicated)}");
    }

    private int Count(string kind) => _acknowledged.Count(a => a.Marker.StartsWith(kind, StringComparison.Ordinal));

    /// <summary>The faults, one after another, with ordinary traffic between them; returns what was done.</summary>
    private async Task<List<string>> InjectFaultsAsync(ProxiedStorage storage, AppProcess app)
    {
        var azurite = faults.Azurite;
        var done = new List<string>();
        async Task Fault(string name, Action start, Action end, double seconds)
        {
            start();
            await Task.Delay(TimeSpan.FromSeconds(seconds));
            end();
            done.Add(name);
            await Task.Delay(TimeSpan.FromSeconds(0.5));
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        await Fault("connections reset for 1 s", () => storage.Both(p => p.Reset()), () => storage.Both(p => p.Heal()), 1);
        await Fault("every request delayed 300 ms for 1 s", () => storage.Both(p => p.Delay(TimeSpan.FromMilliseconds(300))), () => storage.Both(p => p.Heal()), 1);
        for (var i = 0; i < 3; i++)
        {
            await Fault("open connections reset mid-request", () => storage.Both(p => p.ResetOpenConnections()), () => { }, 0.3);
        }

        await Fault("requests dropped (no answer) for 1 s, then their connections reset", () => storage.Both(p => p.Drop()), () => storage.Both(p => p.Heal()), 1);
        await Fault("answers trickled at 16 KB/s for 1 s", () => storage.Both(p => p.SlowReads(16 * 1024)), () => storage.Both(p => p.Heal()), 1);
        await Fault("Azurite frozen (SIGSTOP) for 2 s", azurite.Pause, azurite.Resume, 2);

        await app.KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(0.5));
        await app.RestartAsync();
        done.Add("app killed (SIGKILL) under load and started again");
        await Task.Delay(TimeSpan.FromSeconds(1));

        await azurite.TerminateAsync();
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await azurite.RestartAsync();
        done.Add("Azurite stopped (SIGTERM) for 1.5 s and started again on its data");
        await Task.Delay(TimeSpan.FromSeconds(1));

        await Fault("connections refused for 1 s", () => storage.Both(p => p.Refuse()), () => storage.Both(p => p.Heal()), 1);
        await Task.Delay(TimeSpan.FromSeconds(1));
        return done;
    }

    private async Task ApiReturnsAsync(HttpClient app, string partner, CancellationToken stop)
    {
        for (var i = 1; !stop.IsCancellationRequested; i++)
        {
            var marker = Invariant($"return-{partner}-{i:D4}");
            var key = Guid.NewGuid().ToString("N");
            await UntilAcknowledgedAsync(marker, stop, async timeout =>
            {
                var etag = await LatestETagAsync(app, partner, timeout);
                using var response = await SubmitReturnAsync(app, partner, i, marker, etag, key, timeout);
                return await AcknowledgedAsync(response, [HttpStatusCode.Created], Version, retryOn: [HttpStatusCode.PreconditionFailed, HttpStatusCode.PreconditionRequired]);
            });
        }
    }

    private async Task FormReturnsAsync(FormBrowser browser, string partner, CancellationToken stop)
    {
        for (var i = 1; !stop.IsCancellationRequested; i++)
        {
            var marker = Invariant($"form-{partner}-{i:D4}");
            Dictionary<string, string>? page = null;
            await UntilAcknowledgedAsync(marker, stop, async timeout =>
            {
                // A browser's retry posts the same page again; only a form refused as out of date is opened afresh.
                page ??= await browser.HiddenFieldsAsync();
                using var response = await browser.PostAsync(page, i, marker, timeout);
                var html = await response.Content.ReadAsStringAsync(timeout);
                if (response.StatusCode == HttpStatusCode.Conflict)
                {
                    page = null;
                }

                return FormBrowser.ConfirmedVersion(html) ?? await AcknowledgedAsync(response, [], Version, retryOn: []);
            });
        }
    }

    private async Task SurveyResponsesAsync(HttpClient app, int respondent, CancellationToken stop)
    {
        for (var i = 1; !stop.IsCancellationRequested; i++)
        {
            var marker = Invariant($"survey-{respondent}-{i:D4}");
            await UntilAcknowledgedAsync(marker, stop, async timeout =>
            {
                using var response = await RespondAsync(app, respondent == 1 ? "trust" : "council", marker, timeout, idempotencyKey: marker);
                return await AcknowledgedAsync(response, [HttpStatusCode.Created], _ => 0, retryOn: []);
            });
        }
    }

    private async Task PublishesAsync(HttpClient app, CancellationToken stop)
    {
        for (var i = 1; !stop.IsCancellationRequested; i++)
        {
            var marker = Invariant($"strategy-{i:D4}");
            await UntilAcknowledgedAsync(marker, stop, async timeout =>
            {
                using var response = await PublishAsync(app, Strategy(marker), timeout);

                // Unchanged (200) means an earlier attempt of this same publish was stored.
                return await AcknowledgedAsync(response, [HttpStatusCode.Created, HttpStatusCode.OK], Version, retryOn: []);
            });
            await Task.Delay(TimeSpan.FromMilliseconds(300), CancellationToken.None);
        }
    }

    /// <summary>Sends one submission until it is acknowledged, retrying after errors and refusals as a client would.</summary>
    private async Task UntilAcknowledgedAsync(string marker, CancellationToken stop, Func<CancellationToken, Task<int>> attempt)
    {
        var giveUpAt = (DateTimeOffset?)null;
        while (true)
        {
            Interlocked.Increment(ref _attempts);
            using var timeout = new CancellationTokenSource(RequestTimeout);
            try
            {
                _acknowledged.Add(new Acknowledged(marker, await attempt(timeout.Token)));
                return;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
            {
                _failures.GetOrAdd(marker, _ => new()).Enqueue(e.GetType().Name);
            }
            catch (RetriedAnswer e)
            {
                _failures.GetOrAdd(marker, _ => new()).Enqueue(e.Message);
            }
            catch (UnexpectedAnswer e)
            {
                _unexpected.Add($"{marker}: {e.Message}");
                return;
            }

            Interlocked.Increment(ref _failedAttempts);
            giveUpAt ??= stop.IsCancellationRequested ? DateTimeOffset.UtcNow + Patience : null;
            if (DateTimeOffset.UtcNow > giveUpAt)
            {
                _unacknowledged.Add(marker);
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None);
        }
    }

    /// <summary>
    /// The version an acknowledging answer names. A client retries after a 503, a 409 race or the given answers
    /// (<see cref="RetriedAnswer"/>); anything else (a 500, a 422) is not what a fault should cause.
    /// </summary>
    private static async Task<int> AcknowledgedAsync(HttpResponseMessage response, HttpStatusCode[] acknowledging, Func<string, int> version, HttpStatusCode[] retryOn)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (acknowledging.Contains(response.StatusCode))
        {
            return version(body);
        }

        return response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.Conflict || retryOn.Contains(response.StatusCode)
            ? throw new RetriedAnswer($"{(int)response.StatusCode} {TitleOf(body)}")
            : throw new UnexpectedAnswer($"{(int)response.StatusCode} {body}");
    }

    private static int Version(string body) => JsonDocument.Parse(body).RootElement.GetProperty("version").GetInt32();

    /// <summary>Every marker found in storage, with the versions it is stored under (0 for survey responses).</summary>
    private static async Task<Dictionary<string, List<int>>> StoredAsync(TableServiceClient tables)
    {
        var stored = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        void Add(string marker, int version) => (stored.TryGetValue(marker, out var versions) ? versions : stored[marker] = []).Add(version);

        foreach (var row in await RowsAsync(tables.GetTableClient(ReturnStore.TableName), ReturnStore.PartitionKey(PartnershipId, Period)))
        {
            if (row.RowKey.StartsWith("version|", StringComparison.Ordinal))
            {
                Add(row.GetString("Achievements"), row.GetInt32("Version") ?? -1);
            }
        }

        foreach (var row in await RowsAsync(tables.GetTableClient(StrategyStore.TableName), PartnershipId))
        {
            if (row.GetString("Name") is { } name && name.StartsWith("strategy-", StringComparison.Ordinal))
            {
                Add(name, row.GetInt32("Version") ?? -1);
            }
        }

        // Through the store, which counts a response once however many of its batch's rows hold it.
        var partition = SurveyResponseStore.PartitionKey(PartnershipId, SurveyId);
        foreach (var response in await new SurveyResponseStore(tables).ListAsync(PartnershipId, SurveyId))
        {
            foreach (System.Text.RegularExpressions.Match marker in System.Text.RegularExpressions.Regex.Matches(response.ToJson(), "\"(survey-[0-9]-[0-9]{4})\""))
            {
                Add(marker.Groups[1].Value, 0);
            }
        }

        Assert.DoesNotContain(await RowsAsync(tables.GetTableClient(SurveyStaging.TableName), partition), row => row.RowKey.StartsWith('r'));
        return stored;
    }

    private sealed record Acknowledged(string Marker, int Version);

    private static string TitleOf(string body) =>
        System.Text.RegularExpressions.Regex.Match(body, "\"title\":\"([^\"]*)\"|<h1[^>]*>([^<]*)<") is { Success: true } m ? m.Groups[1].Value + m.Groups[2].Value : "";

    private sealed class UnexpectedAnswer(string message) : Exception(message);

    /// <summary>An answer a client retries after: a 503, or a race it lost.</summary>
    private sealed class RetriedAnswer(string message) : Exception(message);
}
