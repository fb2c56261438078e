using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Azure.Data.Tables;
using Azure.Data.Tables.Sas;
using StrategyReports.Benchmarks;
using StrategyReports.Functions.Storage;
using StrategyReports.Functions.Surveys;
using StrategyReports.Samples;
using StrategyReports.Surveys;
using StrategyReports.TestSupport;

// --smoke runs every benchmark once with tiny sizes, so CI notices a benchmark that no longer runs;
// its figures mean nothing.
var smoke = args.Contains("--smoke");
if (smoke)
{
    Console.WriteLine("Smoke run: every benchmark once, tiny sizes; the figures are not measurements.");
}

if (args.Contains("--export") || smoke)
{
    // A separate benchmark: see docs/export-benchmarks.md.
    await ExportBenchmark.RunAsync(Argument("--rounds", smoke ? 1 : 3), smoke ? new RollupShape(Partners: 6, Measures: 5, Quarters: 8) : null);
    if (!smoke)
    {
        return;
    }
}

if (args.Contains("--load") || smoke)
{
    // A separate run: see docs/reliability.md ("Load").
    await LoadRun.RunAsync(smoke
        ? new LoadOptions(Partners: 6, DeadlineRates: [6, 12], StageSeconds: 1, DeadlineSeconds: 1, Leads: 2, LeadRefreshSeconds: 1, BurstRate: 20, BurstSeconds: 1, SurveyRates: [40])
        : new LoadOptions(
            Partners: Argument("--partners", 200),
            DeadlineRates: [Argument("--partners", 200) / 60.0, .. Rates("--deadline-rates", [25, 50, 100, 200, 400])],
            StageSeconds: Argument("--stage-seconds", 20),
            DeadlineSeconds: 60,
            Leads: Argument("--leads", 20),
            LeadRefreshSeconds: 3,
            BurstRate: Argument("--burst-rate", 500),
            BurstSeconds: Argument("--burst-seconds", 300),
            SurveyRates: Rates("--survey-rates", [750, 1000, 1500, 2000, 3000])));
    if (!smoke)
    {
        return;
    }
}

if (args.Contains("--reports") || smoke)
{
    ReportBenchmark.Run(smoke ? ["--rounds", "1"] : args);
    if (!smoke)
    {
        return;
    }
}

// Throughput of the Azure SDK's Table client against a bare HttpClient making the same requests to the same
// in-memory Azurite in the same run. Sides alternate order every round so drift in Azurite hits both alike;
// the first round warms up and is discarded. Each round pairs a client run with a raw run made moments
// apart, so the ratio is taken per round (the machine is shared and its load drifts) and its median reported.
if (args.Contains("--rollup") || smoke)
{
    // A separate benchmark: see docs/rollup-benchmarks.md.
    await RollupBenchmark.RunAsync(
        Argument("--rounds", smoke ? 1 : 5),
        Argument("--responses", smoke ? 200 : 100_000),
        !args.Contains("--shared-cores"),
        smoke ? new RollupShape(Partners: 6, Measures: 5, Quarters: 4) : args.Contains("--partners") ? new RollupShape(Argument("--partners", 200), Measures: 40, Quarters: 8) : null);
    if (!smoke)
    {
        return;
    }
}

var rounds = Argument("--rounds", smoke ? 1 : 7);
var singleInserts = Argument("--inserts", smoke ? 50 : 2_000);
var batchEntities = Argument("--batch-entities", smoke ? 200 : 10_000);
var scanEntities = Argument("--scan-entities", smoke ? 300 : 20_000);
const int SingleConcurrency = 32;
const int BatchConcurrency = 4;

var azurite = new AzuriteFixture { Private = true };
await azurite.StartAsync();
try
{
    // With the app's own client options (retries, timeouts, logging), so the SDK side is the client the app uses.
    var service = new TableServiceClient(azurite.ConnectionString, StorageSetup.TableOptions());
    using var raw = new RawTableHttp(service.GenerateSasUri(TableAccountSasPermissions.All, TableAccountSasResourceTypes.All, DateTimeOffset.UtcNow.AddDays(1)));
    if (args.Contains("--surveys") || smoke)
    {
        await SurveyIngestion.RunAsync(azurite, raw, rounds, Argument("--responses", smoke ? 40 : 2_000), Argument("--concurrency", smoke ? 4 : 16));
        if (!smoke)
        {
            return;
        }
    }

    // After the survey benchmark, whose app process would inherit this process's cores.
    var cores = Cores.Separate(azurite, !args.Contains("--shared-cores"));
    var tableNumber = 0;
    string NewTableName() => $"bench{Interlocked.Increment(ref tableNumber)}";

    var single = new Workload(
        "Single-entity insert",
        singleInserts,
        async () =>
        {
            var table = service.GetTableClient(NewTableName());
            await table.CreateIfNotExistsAsync();
            var entities = Enumerable.Range(0, singleInserts).Select(i => ReturnRows.Entity("bury", i)).ToArray();
            return () => Parallel.ForEachAsync(entities, new ParallelOptions { MaxDegreeOfParallelism = SingleConcurrency }, async (e, ct) => await table.AddEntityAsync(e, ct));
        },
        async () =>
        {
            var table = NewTableName();
            await raw.CreateTableAsync(table);
            // Both sides serialise inside the timed run, as a real caller would.
            return () => Parallel.ForEachAsync(Enumerable.Range(0, singleInserts), new ParallelOptions { MaxDegreeOfParallelism = SingleConcurrency }, async (i, _) => await raw.InsertAsync(table, ReturnRows.Json("bury", i)));
        });

    var batch = new Workload(
        "Batch insert (100 per transaction)",
        batchEntities,
        async () =>
        {
            var table = service.GetTableClient(NewTableName());
            await table.CreateIfNotExistsAsync();
            var batches = Enumerable.Range(0, batchEntities).Chunk(100).ToArray();
            return () => Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = BatchConcurrency }, async (b, ct) =>
                await table.SubmitTransactionAsync(b.Select(i => new TableTransactionAction(TableTransactionActionType.Add, ReturnRows.Entity($"p{i / 100}", i))), ct));
        },
        async () =>
        {
            var table = NewTableName();
            await raw.CreateTableAsync(table);

            // The SDK builds each body inside the timed run, as it does on its own side, so both sides
            // serialise the same way and the difference is the SDK's pipeline and response handling.
            var bodies = new TransactionBodies(azurite.ConnectionString, table);
            var batches = Enumerable.Range(0, batchEntities).Chunk(100).ToArray();
            return () => Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = BatchConcurrency }, async (b, _) =>
                await raw.InsertBatchAsync(await bodies.BuildAsync(b.Select(i => new TableTransactionAction(TableTransactionActionType.Add, ReturnRows.Entity($"p{i / 100}", i))))));
        });

    // The scan is the app's largest read: every stored response to a survey (the rollup reads 100,000 in the
    // large benchmark). It compares the SDK with raw HTTP over many small entities, so it reads rows of the
    // earlier one-response-per-row layout, which the app still reads; batch rows would be fewer and larger.
    string[] legacyResponseColumns = ["RowKey", "PartnerId", "Response", "Held"];
    var scanTable = service.GetTableClient(NewTableName());
    await scanTable.CreateIfNotExistsAsync();
    var sample = SampleStrategies.Large(partners: 20, measures: 5, quarters: 4);
    var survey = sample.Surveys[0];
    var scanPartition = SurveyResponseStore.PartitionKey(sample.PartnershipId, survey.Id);
    await Parallel.ForEachAsync(
        SampleSurveyResponses.Generate(sample, survey, sample.Periods, scanEntities, seed: 2026).Chunk(100),
        new ParallelOptions { MaxDegreeOfParallelism = BatchConcurrency },
        async (chunk, ct) => await scanTable.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Add, LegacyResponseRow(scanPartition, r))), ct));

    // A scan takes well under a second, so each timed run scans the partition three times to steady the figure.
    // Both sides make the queries the app makes for it: the survey's key ranges, all at once.
    const int ScansPerRun = 3;
    var scanFilters = SurveyResponseStore.ReadFilters(sample.PartnershipId, survey.Id);
    var scan = new Workload(
        "Full-partition scan (3 scans per run)",
        scanEntities * ScansPerRun,
        () => Task.FromResult<Func<Task>>(async () =>
        {
            for (var i = 0; i < ScansPerRun; i++)
            {
                var counts = await Task.WhenAll(scanFilters.Select(async filter =>
                {
                    var count = 0;
                    await foreach (var entity in scanTable.QueryAsync<TableEntity>(filter, select: legacyResponseColumns))
                    {
                        count += entity.GetString("Response") is not null ? 1 : 0;
                    }

                    return count;
                }));
                Check(counts.Sum(), scanEntities);
            }
        }),
        () => Task.FromResult<Func<Task>>(async () =>
        {
            for (var i = 0; i < ScansPerRun; i++)
            {
                Check((await Task.WhenAll(scanFilters.Select(filter => raw.ScanAsync(scanTable.Name, filter, legacyResponseColumns)))).Sum(), scanEntities);
            }
        }));

    Console.WriteLine("| Workload | Entities per run | Client (entities/s, median) | Raw HttpClient (entities/s, median) | Client ÷ raw (median of paired rounds) | Range of paired ratios | Client processor (ms per 1,000, median) | Raw processor (ms per 1,000, median) |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
    var results = new Dictionary<string, double>();
    foreach (var workload in new[] { single, batch, scan })
    {
        var measured = await MeasureAsync(workload, rounds);
        results[workload.Name] = Statistics.Median(measured.Client);
        Console.WriteLine(
            $"| {workload.Name} | {workload.Entities:N0} | {Statistics.Median(measured.Client):N0} | {Statistics.Median(measured.Raw):N0} | {Statistics.Median(measured.Ratios):P0} | {measured.Ratios.Min():P0} – {measured.Ratios.Max():P0} | {Statistics.Median(measured.ClientCpu):N0} | {Statistics.Median(measured.RawCpu):N0} |");
    }

    Console.WriteLine();
    Console.WriteLine($"Batch inserts ÷ single inserts (client): {results[batch.Name] / results[single.Name]:N1}×");
    Console.WriteLine($"Rounds: {rounds} measured after 1 warm-up; single inserts {SingleConcurrency} concurrent, transactions {BatchConcurrency} concurrent.");
    Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}; Azurite in memory. {cores}");
}
finally
{
    azurite.Stop();
}

static async Task<Measured> MeasureAsync(Workload workload, int rounds)
{
    var measured = new Measured([], [], [], [], []);
    for (var round = 0; round <= rounds; round++)
    {
        var clientFirst = round % 2 == 0;
        var first = await TimeAsync(clientFirst ? workload.PrepareClient : workload.PrepareRaw, workload.Entities);
        var second = await TimeAsync(clientFirst ? workload.PrepareRaw : workload.PrepareClient, workload.Entities);
        if (round == 0)
        {
            continue;
        }

        var (client, raw) = clientFirst ? (first, second) : (second, first);
        measured.Client.Add(client.Rate);
        measured.Raw.Add(raw.Rate);
        measured.Ratios.Add(client.Rate / raw.Rate);
        measured.ClientCpu.Add(client.CpuPerThousand);
        measured.RawCpu.Add(raw.CpuPerThousand);
    }

    return measured;
}

// Entities a second, and this process's processor time per 1,000 entities (Azurite runs in its own process, so
// this is the client's own work, which the machine's other load disturbs far less than the wall clock).
static async Task<(double Rate, double CpuPerThousand)> TimeAsync(Func<Task<Func<Task>>> prepare, int entities)
{
    var run = await prepare();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    await run();
    var elapsed = clock.Elapsed.TotalSeconds;
    return (entities / elapsed, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds * 1000 / entities);
}

static TableEntity LegacyResponseRow(string partition, SurveyResponse response) => new(partition, StagedResponse.NewId())
{
    ["PartnerId"] = response.PartnerId,
    ["Day"] = response.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    ["Response"] = response.ToJson(),
};

static void Check(int actual, int expected)
{
    if (actual != expected)
    {
        throw new InvalidOperationException($"Scanned {actual} entities, expected {expected}.");
    }
}

double[] Rates(string name, double[] fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length
        ? [.. args[index + 1].Split(',').Select(rate => double.Parse(rate, CultureInfo.InvariantCulture))]
        : fallback;
}

int Argument(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

/// <summary>Each round's figures for the two sides of a workload.</summary>
internal sealed record Measured(List<double> Client, List<double> Raw, List<double> Ratios, List<double> ClientCpu, List<double> RawCpu);

/// <summary>One workload: each Prepare sets up untimed state and returns the timed action.</summary>
internal sealed record Workload(string Name, int Entities, Func<Task<Func<Task>>> PrepareClient, Func<Task<Func<Task>>> PrepareRaw);
