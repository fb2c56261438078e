using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using StrategyReports.TestSupport;

namespace StrategyReports.Benchmarks;

/// <summary>
/// <c>--surveys</c>: sustained survey-response ingestion through the app's HTTP endpoint (the built app
/// in its own process on Kestrel, real sockets, several concurrent clients) against the raw
/// single-entity insert rate of the same Azurite with the same concurrency, in the same run.
/// </summary>
internal static class SurveyIngestion
{
    private const string SurveyId = "new-starter";

    public static async Task RunAsync(AzuriteFixture azurite, RawTableHttp raw, int rounds, int responses, int concurrency)
    {
        var settings = new Dictionary<string, string>
        {
            // Every benchmark client shares the loopback address, so the per-client limit is lifted.
            ["Surveys__RateLimitPermits"] = "100000000",
            // Likewise thousands of responses a second into eight partner groups are a burst by design here, not an attack.
            ["Surveys__BurstLimit"] = "100000000",
        };
        await using var app = await AppProcess.StartAsync(azurite.ConnectionString, settings, concurrency, line => Console.Error.WriteLine($"app: {line}"));
        var http = app.Http;
        await PublishAsync(http);

        // Bodies vary, as real respondents' do; both sides get the same ones and serialise inside the timed run.
        var bodies = Enumerable.Range(0, responses).Select(Body).ToArray();
        const string RawTable = "rawsurveyresponses";
        await raw.CreateTableAsync(RawTable);

        var throughApp = new List<double>();
        var baseline = new List<double>();
        var ratios = new List<double>();
        var appCpu = new List<double>();
        var viaAppStorage = new List<double>();
        var rawStorage = new List<double>();
        using var azuriteProcess = AzuriteProcess(app.Process.Id);
        for (var round = 0; round <= rounds; round++)
        {
            var appFirst = round % 2 == 0;
            Func<Task> viaApp = () => Parallel.ForEachAsync(bodies, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (body, ct) =>
            {
                using var content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(new Uri($"/api/surveys/{SurveyId}/responses", UriKind.Relative), content, ct);
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    throw new InvalidOperationException($"The app answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
                }
            });
            Func<Task> direct = () => Parallel.ForEachAsync(bodies, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (body, _) =>
                await raw.InsertAsync(RawTable, RawEntity(body)));

            // The app's own CPU per response, read from its process: where its share of the two cores goes.
            var (appBefore, azuriteBefore) = CpuOf(app.Process, azuriteProcess);
            var first = await TimeAsync(appFirst ? viaApp : direct, responses);
            var (appMiddle, azuriteMiddle) = CpuOf(app.Process, azuriteProcess);
            var second = await TimeAsync(appFirst ? direct : viaApp, responses);
            var (appAfter, azuriteAfter) = CpuOf(app.Process, azuriteProcess);
            if (round == 0)
            {
                continue;
            }

            appCpu.Add((appFirst ? appMiddle - appBefore : appAfter - appMiddle).TotalMilliseconds / responses);
            viaAppStorage.Add((appFirst ? azuriteMiddle - azuriteBefore : azuriteAfter - azuriteMiddle).TotalMilliseconds / responses);
            rawStorage.Add((appFirst ? azuriteAfter - azuriteMiddle : azuriteMiddle - azuriteBefore).TotalMilliseconds / responses);

            (appFirst ? throughApp : baseline).Add(first);
            (appFirst ? baseline : throughApp).Add(second);
            ratios.Add(throughApp[^1] / baseline[^1]);
        }

        Console.WriteLine("| Workload | Responses per run | Concurrency | Through the app (responses/s, median) | Raw single inserts (entities/s, median) | App ÷ raw (median of paired rounds) | Range of paired ratios |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(
            $"| Survey responses | {responses:N0} | {concurrency} | {Statistics.Median(throughApp):N0} | {Statistics.Median(baseline):N0} | {Statistics.Median(ratios):P0} | {ratios.Min():P0} – {ratios.Max():P0} |");
        Console.WriteLine();
        Console.WriteLine($"Rounds: {rounds} measured after 1 warm-up. Per round, app: {string.Join(", ", throughApp.Select(v => v.ToString("N0", CultureInfo.InvariantCulture)))}; raw: {string.Join(", ", baseline.Select(v => v.ToString("N0", CultureInfo.InvariantCulture)))}.");
        Console.WriteLine($"CPU per response (medians): app {Statistics.Median(appCpu):N3} ms; Azurite {Statistics.Median(viaAppStorage):N3} ms when fed by the app, {Statistics.Median(rawStorage):N3} ms when fed raw inserts.");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}; Azurite in memory.");
    }

    private sealed record ResponseBody(string Partner, Dictionary<string, object> Answers);

    private static readonly string[] Partners = ["nca", "pcft", "bury-council-asc", "persona", "independent-providers", "gp-federation", "bury-hospice", "vcfa"];

    private static ResponseBody Body(int i) => new(
        Partners[i % Partners.Length],
        new Dictionary<string, object>
        {
            ["understand-locality"] = 1 + (i % 5),
            ["work-across-boundaries"] = 1 + ((i / 5) % 5),
            ["induction-received"] = (i % 3) switch { 0 => "Yes", 1 => "No", _ => "Not sure" },
            ["settling-in-help"] = i % 2 == 0 ? new[] { "A buddy or mentor", "Wellbeing support" } : new[] { "The locality toolkit" },
            ["anything-else"] = $"Response {i}: a short comment of the length people usually write, about the induction.",
        });

    // The entity the app stores for the same answers: the three properties of the agreed layout.
    private static byte[] RawEntity(ResponseBody body) => JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
    {
        ["PartitionKey"] = $"bury|{SurveyId}",
        ["RowKey"] = Guid.NewGuid().ToString("N"),
        ["PartnerId"] = body.Partner,
        ["Day"] = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["Response"] = JsonSerializer.Serialize(new { surveyId = SurveyId, partnerId = body.Partner, day = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), answers = body.Answers }),
    });

    private static async Task PublishAsync(HttpClient http)
    {
        using var request = AppProcess.AsAdmin(HttpMethod.Put, "/api/partnerships/bury/strategy");
        request.Content = new StringContent(File.ReadAllText(RepositoryPaths.Combine("strategies", "bury.yaml")), Encoding.UTF8, "application/yaml");
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Publishing the Bury strategy failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static (TimeSpan App, TimeSpan Azurite) CpuOf(Process app, Process azurite)
    {
        app.Refresh();
        azurite.Refresh();
        return (app.TotalProcessorTime, azurite.TotalProcessorTime);
    }

    // Azurite is the other child this benchmark started; found by parent id, since it listens on ports it picked itself.
    private static Process AzuriteProcess(int appId)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == appId)
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                if (parent == Environment.ProcessId)
                {
                    return Process.GetProcessById(pid);
                }
            }
            catch (IOException)
            {
            }
        }

        throw new InvalidOperationException("Azurite's process was not found among this benchmark's children.");
    }

    private static async Task<double> TimeAsync(Func<Task> run, int count)
    {
        var clock = Stopwatch.StartNew();
        await run();
        return count / clock.Elapsed.TotalSeconds;
    }
}
