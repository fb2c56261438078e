using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using StrategyReports.Domain.Returns;
using StrategyReports.Domain.Strategies;
using StrategyReports.Samples;
using StrategyReports.Surveys;
using StrategyReports.TestSupport;

namespace StrategyReports.Benchmarks;

/// <summary>What one load run is asked to do.</summary>
/// <param name="Partners">Partners of the strategy (200: a large integrated care system's partnership).</param>
/// <param name="DeadlineRates">Return submissions a second, one stage each; the first is the deadline itself (every partner in one minute).</param>
/// <param name="SurveyRates">Survey responses a second, one stage each after the burst.</param>
/// <param name="BurstRate">The survey burst: responses a second into one survey for <paramref name="BurstSeconds"/>.</param>
internal sealed record LoadOptions(
    int Partners,
    IReadOnlyList<double> DeadlineRates,
    double StageSeconds,
    double DeadlineSeconds,
    int Leads,
    double LeadRefreshSeconds,
    double BurstRate,
    double BurstSeconds,
    IReadOnlyList<double> SurveyRates);

/// <summary>One stage's figures: requests scheduled at a fixed rate, timed from when each was due (so a slow app can't hide its queue).</summary>
internal sealed record StageResult(string Scenario, string Traffic, double TargetRate, double Seconds, int Sent, int Errors, double Throughput, double P50, double P95, double P99, double AppCpuCores, long AppPeakBytes)
{
    /// <summary>Held: every request answered well, nearly at the rate asked, and 99 % of them within a second.</summary>
    public bool Held => Errors == 0 && P99 < 1.0 && Throughput >= TargetRate * 0.95;
}

/// <summary>
/// Load against the app in its own process (Production settings, Azurite on the same machine): the
/// deadline (every partner of a 200-partner strategy submitting its return while leads refresh the returns
/// page and the completeness API), then higher submission rates until one is not held; the survey burst
/// (500 responses a second into one survey), then higher rates until one is not held. Requests are sent
/// at a fixed rate whatever the app's answers (an open loop), and each is timed from the moment it was
/// due, not sent, so a queue in the app shows in the percentiles.
/// </summary>
internal static class LoadRun
{
    private const int MaxConnections = 1024;

    public static async Task RunAsync(LoadOptions options)
    {
        var azurite = new AzuriteFixture { Private = true };
        await azurite.StartAsync();
        try
        {
            var settings = new Dictionary<string, string>
            {
                // The driver is one client; staff behind one intranet address would be too, so the per-client limit is lifted to see the app's own.
                ["Surveys__RateLimitPermits"] = "10000000",
            };
            await using var app = await AppProcess.StartAsync(azurite.ConnectionString, settings, MaxConnections, line => Console.Error.WriteLine($"app: {line}"));
            var strategy = SampleStrategies.Large(options.Partners);
            await PublishAsync(app, SampleStrategies.LargeDocument(options.Partners));
            var results = new List<StageResult>();
            results.AddRange(await DeadlineAsync(app, strategy, options));
            results.AddRange(await SurveyAsync(app, strategy, options));

            Console.WriteLine();
            Console.WriteLine("| Scenario | Traffic | Rate asked (/s) | Seconds | Requests | Errors | Throughput (/s) | p50 (ms) | p95 (ms) | p99 (ms) | App CPU (cores) | App peak (MiB) | Held |");
            Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
            foreach (var r in results)
            {
                Console.WriteLine(Invariant($"| {r.Scenario} | {r.Traffic} | {r.TargetRate:0.#} | {r.Seconds:0} | {r.Sent} | {r.Errors} | {r.Throughput:0.#} | {r.P50 * 1000:0} | {r.P95 * 1000:0} | {r.P99 * 1000:0} | {r.AppCpuCores:0.00} | {r.AppPeakBytes / 1048576.0:0} | {(r.Held ? "yes" : "no")} |"));
            }

            foreach (var scenario in results.Select(r => r.Scenario).Distinct())
            {
                var held = results.Where(r => r.Scenario == scenario && r.Traffic != LeadTraffic && r.Held).Select(r => r.TargetRate).DefaultIfEmpty(0).Max();
                Console.WriteLine(Invariant($"{scenario}: highest rate held with p99 under one second and no errors: {held:0.#}/s."));
            }

            Console.WriteLine(Invariant($"Machine: {Environment.ProcessorCount} cores (the app, Azurite and this driver share them), {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}; Azurite in memory; app CPU from /proc (user + system), peak from VmHWM."));
        }
        finally
        {
            azurite.Stop();
        }
    }

    private const string LeadTraffic = "leads: returns page + completeness API";

    private static async Task<List<StageResult>> DeadlineAsync(AppProcess app, Strategy strategy, LoadOptions options)
    {
        // The latest quarter that has ended, reopened so returns are taken whatever its window says today.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var period = strategy.Periods.Last(p => p.LastDay < today);
        using (var reopen = AppProcess.AsAdmin(HttpMethod.Post, $"/api/partnerships/{strategy.PartnershipId}/periods/{period.Id}/reopening"))
        {
            await EnsureAsync(await app.Http.SendAsync(reopen), "reopening the period");
        }

        // A sample quarter leaves some partners out, as real ones do; more seeds until every partner has a return to send.
        var bodies = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var seed = 7; bodies.Count < strategy.Partners.Count; seed++)
        {
            foreach (var sample in SampleReturns.Generate(strategy, [period], seed))
            {
                bodies.TryAdd(sample.PartnerId, Body(sample));
            }
        }
        var partners = strategy.Partners.Select(partner => new PartnerClient(partner.Id)).ToArray();
        var results = new List<StageResult>();
        var stages = options.DeadlineRates.Select((rate, i) => (Rate: rate, Seconds: i == 0 ? options.DeadlineSeconds : options.StageSeconds)).ToList();
        foreach (var (rate, seconds) in stages)
        {
            var meter = AppMeter.Start(app);
            var leadRate = options.Leads * 2 / options.LeadRefreshSeconds;
            var leads = OpenLoop.RunAsync(leadRate, seconds, async (i, cancellationToken) =>
            {
                var path = i % 2 == 0
                    ? $"/partnerships/{strategy.PartnershipId}/returns/{period.Id}"
                    : $"/api/partnerships/{strategy.PartnershipId}/returns/{period.Id}";
                using var request = AppProcess.AsAdmin(HttpMethod.Get, path);
                using var response = await app.Http.SendAsync(request, cancellationToken);
                return await OpenLoop.ExpectAsync(response, HttpStatusCode.OK, cancellationToken);
            });
            var submissions = OpenLoop.RunAsync(rate, seconds, async (i, cancellationToken) =>
            {
                var partner = partners[i % partners.Length];
                return await partner.SubmitAsync(app.Http, $"/api/partnerships/{strategy.PartnershipId}/returns/{period.Id}/{partner.Id}", bodies[partner.Id], cancellationToken);
            });
            var (submitted, refreshed) = (await submissions, await leads);
            var (cpu, peak) = meter.Stop();
            var scenario = "Deadline";
            results.Add(submitted.Result(scenario, "partners: PUT return", cpu, peak));
            results.Add(refreshed.Result(scenario, LeadTraffic, cpu, peak));
            Console.WriteLine(Invariant($"Deadline stage {rate:0.#}/s: p99 {submitted.Percentile(0.99) * 1000:0} ms, errors {submitted.Errors} ({submitted.FirstError ?? "none"}); leads p99 {refreshed.Percentile(0.99) * 1000:0} ms."));
            if (!results[^2].Held || !results[^1].Held)
            {
                break;
            }
        }

        return results;
    }

    private static async Task<List<StageResult>> SurveyAsync(AppProcess app, Strategy strategy, LoadOptions options)
    {
        var survey = strategy.Surveys[0];
        var answers = Answers(survey);
        var results = new List<StageResult>();
        var stages = new[] { (Rate: options.BurstRate, Seconds: options.BurstSeconds) }
            .Concat(options.SurveyRates.Select(rate => (Rate: rate, Seconds: options.StageSeconds)));
        foreach (var (rate, seconds) in stages)
        {
            var meter = AppMeter.Start(app);
            var responded = await OpenLoop.RunAsync(rate, seconds, async (i, cancellationToken) =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/surveys/{survey.Id}/responses", UriKind.Relative));
                request.Headers.TryAddWithoutValidation("Idempotency-Key", Guid.NewGuid().ToString("N"));
                request.Content = new StringContent(
                    new JsonObject { ["partner"] = strategy.Partners[i % strategy.Partners.Count].Id, ["answers"] = answers.DeepClone() }.ToJsonString(), Encoding.UTF8, "application/json");
                using var response = await app.Http.SendAsync(request, cancellationToken);
                return await OpenLoop.ExpectAsync(response, HttpStatusCode.Created, cancellationToken);
            });
            var (cpu, peak) = meter.Stop();
            results.Add(responded.Result("Survey burst", "staff: POST response", cpu, peak));
            Console.WriteLine(Invariant($"Survey stage {rate:0.#}/s for {seconds:0} s: p99 {responded.Percentile(0.99) * 1000:0} ms, errors {responded.Errors} ({responded.FirstError ?? "none"})."));
            if (!results[^1].Held)
            {
                break;
            }
        }

        return results;
    }

    private static async Task PublishAsync(AppProcess app, JsonObject document)
    {
        var partnershipId = document["partnershipId"]?.GetValue<string>() ?? throw new InvalidOperationException("The sample strategy names no partnership.");
        using var request = AppProcess.AsAdmin(HttpMethod.Put, $"/api/partnerships/{partnershipId}/strategy");
        request.Content = new StringContent(document.ToJsonString(), Encoding.UTF8, "application/json");
        await EnsureAsync(await app.Http.SendAsync(request), "publishing the strategy");
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
    }

    private static string Body(QuarterlyReturn sample) => new JsonObject
    {
        ["values"] = JsonNode.Parse(MeasureValueJson.Write(sample.Values)),
        ["narrative"] = new JsonObject { ["achievements"] = sample.Narrative.Achievements, ["nextSteps"] = sample.Narrative.NextSteps, ["risks"] = sample.Narrative.Risks },
        ["submittedBy"] = "Load driver",
    }.ToJsonString();

    /// <summary>A valid answer to every question of the survey.</summary>
    private static JsonObject Answers(PulseSurvey survey)
    {
        var answers = new JsonObject();
        foreach (var question in survey.Questions)
        {
            answers[question.Id] = question.Kind switch
            {
                QuestionKind.Likert5 => 4,
                QuestionKind.Scale0To10 => 8,
                QuestionKind.SingleChoice => question.Options![0],
                QuestionKind.MultiChoice => new JsonArray(question.Options![0]),
                _ => "Team huddles help.",
            };
        }

        return answers;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A partner's client: one submission at a time, each sent with the latest ETag it was given and a fresh Idempotency-Key.</summary>
    private sealed class PartnerClient(string id)
    {
        private readonly SemaphoreSlim _turn = new(1, 1);
        private string? _etag;

        public string Id { get; } = id;

        public async Task<string?> SubmitAsync(HttpClient http, string path, string body, CancellationToken cancellationToken)
        {
            await _turn.WaitAsync(cancellationToken);
            try
            {
                using var request = AppProcess.AsAdmin(HttpMethod.Put, path);
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                request.Headers.TryAddWithoutValidation("Idempotency-Key", Guid.NewGuid().ToString("N"));
                if (_etag is not null)
                {
                    request.Headers.TryAddWithoutValidation("If-Match", _etag);
                }

                using var response = await http.SendAsync(request, cancellationToken);
                _etag = response.Headers.ETag?.ToString() ?? _etag;
                return await OpenLoop.ExpectAsync(response, HttpStatusCode.Created, cancellationToken);
            }
            finally
            {
                _turn.Release();
            }
        }
    }
}

/// <summary>The app process's processor time and peak memory over a stage.</summary>
internal sealed class AppMeter
{
    private readonly AppProcess _app;
    private readonly TimeSpan _cpuAtStart;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private AppMeter(AppProcess app)
    {
        _app = app;
        _app.Process.Refresh();
        _cpuAtStart = _app.Process.TotalProcessorTime;
    }

    public static AppMeter Start(AppProcess app) => new(app);

    /// <summary>Cores busy on average over the stage, and the process's peak resident memory so far.</summary>
    public (double CpuCores, long PeakBytes) Stop()
    {
        _app.Process.Refresh();
        var cpu = (_app.Process.TotalProcessorTime - _cpuAtStart).TotalSeconds / _clock.Elapsed.TotalSeconds;
        return (cpu, _app.Memory().Peak);
    }
}

/// <summary>Requests due at a fixed rate whatever the answers, each timed from when it was due.</summary>
internal sealed class OpenLoop
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly List<double> _latencies = [];
    private readonly double _rate;
    private readonly double _seconds;
    private double _elapsed;

    private OpenLoop(double rate, double seconds)
    {
        _rate = rate;
        _seconds = seconds;
    }

    public int Sent { get; private set; }

    public int Errors { get; private set; }

    public string? FirstError { get; private set; }

    /// <param name="send">Sends request number i; null when it was answered as it should be, else what went wrong.</param>
    public static async Task<OpenLoop> RunAsync(double rate, double seconds, Func<int, CancellationToken, Task<string?>> send)
    {
        var loop = new OpenLoop(rate, seconds);
        var count = (int)Math.Round(rate * seconds);
        var clock = Stopwatch.StartNew();
        var inFlight = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var number = i;
            inFlight.Add(Task.Run(() => loop.TimeAsync(number, due, clock, send)));
        }

        await Task.WhenAll(inFlight);
        loop._elapsed = clock.Elapsed.TotalSeconds;
        return loop;
    }

    /// <summary>Null when the answer has the expected status; otherwise the status and the start of the body.</summary>
    public static async Task<string?> ExpectAsync(HttpResponseMessage response, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.StatusCode == expected ? null : $"{(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}";
    }

    private async Task TimeAsync(int number, TimeSpan due, Stopwatch clock, Func<int, CancellationToken, Task<string?>> send)
    {
        using var timeout = new CancellationTokenSource(RequestTimeout);
        string? error;
        try
        {
            error = await send(number, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            error = e.GetType().Name;
        }

        var latency = (clock.Elapsed - due).TotalSeconds;
        lock (_latencies)
        {
            Sent++;
            _latencies.Add(latency);
            if (error is not null)
            {
                Errors++;
                FirstError ??= error;
            }
        }
    }

    public double Percentile(double fraction)
    {
        lock (_latencies)
        {
            if (_latencies.Count == 0)
            {
                return 0;
            }

            var sorted = _latencies.Order().ToList();
            return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(fraction * sorted.Count) - 1)];
        }
    }

    /// <summary>Throughput counts requests answered well over the time from the first being due to the last being answered.</summary>
    public StageResult Result(string scenario, string traffic, double appCpuCores, long appPeakBytes) =>
        new(scenario, traffic, _rate, _seconds, Sent, Errors, (Sent - Errors) / Math.Max(_elapsed, _seconds), Percentile(0.5), Percentile(0.95), Percentile(0.99), appCpuCores, appPeakBytes);
}
