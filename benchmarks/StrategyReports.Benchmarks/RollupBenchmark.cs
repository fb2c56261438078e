using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging.Abstractions;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Domain.Rollups;
using StrategyReports.Domain.Strategies;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Returns;
using StrategyReports.Functions.Rollups;
using StrategyReports.Functions.Strategies;
using StrategyReports.Functions.Surveys;
using StrategyReports.Samples;
using StrategyReports.Surveys;
using StrategyReports.TestSupport;

namespace StrategyReports.Benchmarks;

/// <summary>
/// <c>--rollup</c>: a whole rollup of a large partnership (read + fingerprint + compute + write, through
/// the app's own <see cref="RollupService"/>) against just reading the same entities with the same
/// queries and the same concurrency, in the same run against the same Azurite. Sides alternate order
/// each round and the ratio is taken per round, as in the storage benchmark.
/// </summary>
internal static class RollupBenchmark
{
    private const int Seed = 2026;

    /// <param name="shape">The partnership's size; null for the large sample strategy of the documented run.</param>
    public static async Task RunAsync(int rounds, int responses, bool separateCores, RollupShape? shape = null)
    {
        var azurite = new AzuriteFixture { Private = true };
        await azurite.StartAsync();
        try
        {
            var cores = Cores.Separate(azurite, separateCores);
            var tables = new TableServiceClient(azurite.ConnectionString);
            var blobs = new BlobServiceClient(azurite.ConnectionString);
            var strategies = new StrategyStore(tables, blobs, TimeProvider.System);
            var strategy = shape is null ? SampleStrategies.Large() : SampleStrategies.Large(shape.Partners, shape.Measures, quarters: shape.Quarters);
            var published = (await strategies.PublishAsync(strategy, "benchmark")).Published;
            var period = strategy.LastPeriod;

            var seeding = Stopwatch.StartNew();
            var (returnRows, latestRows) = await SeedReturnsAsync(tables, strategy);
            var (responseCount, responseRows) = await SeedResponsesAsync(tables, strategy, responses);
            Console.WriteLine(Invariant($"Seeded {strategy.Partners.Count} partners, {strategy.Measures.Count()} measures, {strategy.Periods.Count()} quarters: {returnRows:N0} return rows ({latestRows:N0} latest), {responseCount:N0} survey responses in {responseRows:N0} batch rows in {seeding.Elapsed.TotalSeconds:N0} s."));

            var store = new RollupStore(tables, blobs, TimeProvider.System);
            var surveyOptions = new SurveyOptions { CodeSecret = "benchmark-only-survey-code-secret-not-a-secret" };
            var surveyResponses = new SurveyResponseStore(tables);
            var flush = new SurveyFlush(
                new SurveyStaging(tables), surveyResponses, new SurveyCodeStore(tables, TimeProvider.System, surveyOptions),
                new ResponseSeal(System.Text.Encoding.UTF8.GetBytes(surveyOptions.CodeSecret)), surveyOptions, NullLogger<SurveyFlush>.Instance);
            var returnStore = new ReturnStore(tables, strategies);
            var inputReader = new StoredRollupInputs(returnStore, new ReturnReviewStore(tables, returnStore), new SurveyReleases(tables, surveyResponses, flush, TimeProvider.System));
            var service = new RollupService(strategies, inputReader, store, new BlobSingletonLock(blobs, NullLogger<BlobSingletonLock>.Instance));
            var rollupTable = tables.GetTableClient(RollupStore.TableName);

            var rollupProcessor = new List<double>();
            var readProcessor = new List<double>();
            var processor = TimeSpan.Zero;

            async Task<double> RollupAsync()
            {
                // Untimed: forget the stored row so the run cannot stop on an unchanged fingerprint.
                await rollupTable.CreateIfNotExistsAsync();
                await rollupTable.DeleteEntityAsync(strategy.PartnershipId, period.Id);
                var clock = Stopwatch.StartNew();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var run = await service.RunAsync(strategy.PartnershipId, period);
                var elapsed = clock.Elapsed.TotalSeconds;
                processor = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                if (run?.Status != RollupRunStatus.Stored)
                {
                    throw new InvalidOperationException($"The rollup did not run: {run?.Status}.");
                }

                return elapsed;
            }

            async Task<double> ReadAsync()
            {
                var clock = Stopwatch.StartNew();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var count = await BareReadAsync(tables, strategy, period);
                var elapsed = clock.Elapsed.TotalSeconds;
                processor = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                if (count != latestRows + responseRows)
                {
                    throw new InvalidOperationException($"Read {count} entities, expected {latestRows + responseRows}.");
                }

                return elapsed;
            }

            var rollupTimes = new List<double>();
            var readTimes = new List<double>();
            var ratios = new List<double>();
            for (var round = 0; round <= rounds; round++)
            {
                var rollupFirst = round % 2 == 0;
                var first = rollupFirst ? await RollupAsync() : await ReadAsync();
                var firstProcessor = processor.TotalSeconds;
                var second = rollupFirst ? await ReadAsync() : await RollupAsync();
                var secondProcessor = processor.TotalSeconds;
                if (round == 0)
                {
                    continue;
                }

                rollupProcessor.Add(rollupFirst ? firstProcessor : secondProcessor);
                readProcessor.Add(rollupFirst ? secondProcessor : firstProcessor);

                rollupTimes.Add(rollupFirst ? first : second);
                readTimes.Add(rollupFirst ? second : first);
                ratios.Add(rollupTimes[^1] / readTimes[^1]);
            }

            // One run split into its steps, to show where the time beyond the bare read goes.
            var step = Stopwatch.StartNew();
            var inputs = await inputReader.ReadAsync(strategy, period);
            var readAndParse = step.Elapsed.TotalSeconds;
            step.Restart();
            RollupFingerprint.Compute(strategy, published.Version.Version, period, inputs);
            var fingerprint = step.Elapsed.TotalSeconds;
            step.Restart();
            var computed = RollupCalculator.Compute(strategy, published.Version.Version, period, inputs);
            var compute = step.Elapsed.TotalSeconds;
            step.Restart();
            var json = RollupJson.Serialize(computed);
            var serialise = step.Elapsed.TotalSeconds;
            Console.WriteLine(Invariant($"Steps of one run: read and parse {readAndParse:N2} s, fingerprint {fingerprint:N2} s, compute {compute:N2} s, serialise {serialise:N2} s ({json.Length:N0} characters)."));

            var stored = await store.GetAsync(strategy.PartnershipId, period);
            var rollup = stored!.Rollup;
            Console.WriteLine();
            Console.WriteLine("| | Median (s) | Range (s) |");
            Console.WriteLine("|---|---:|---:|");
            Console.WriteLine(Invariant($"| Whole rollup (read + compute + write) | {Statistics.Median(rollupTimes):N2} | {rollupTimes.Min():N2} – {rollupTimes.Max():N2} |"));
            Console.WriteLine(Invariant($"| Bare read of the same entities | {Statistics.Median(readTimes):N2} | {readTimes.Min():N2} – {readTimes.Max():N2} |"));
            Console.WriteLine(Invariant($"| Rollup ÷ read (median of paired rounds) | {Statistics.Median(ratios):N2}× | {ratios.Min():N2}× – {ratios.Max():N2}× |"));
            Console.WriteLine(Invariant($"| Processor time of this process, rollup (Azurite's excluded) | {Statistics.Median(rollupProcessor):N2} | {rollupProcessor.Min():N2} – {rollupProcessor.Max():N2} |"));
            Console.WriteLine(Invariant($"| Processor time of this process, bare read | {Statistics.Median(readProcessor):N2} | {readProcessor.Min():N2} – {readProcessor.Max():N2} |"));
            Console.WriteLine();
            await AppMemoryAsync(azurite, rollupTable, strategy.PartnershipId, period);
            Console.WriteLine();
            Console.WriteLine(Invariant($"Rollup of {period} (strategy v{published.Version.Version}): {rollup.Programmes.Count} programmes, {rollup.Programmes.Sum(p => p.Measures.Count)} measures, {rollup.ReturnsUsed.Count} returns used, {RollupJson.Serialize(rollup).Length:N0} characters of JSON."));
            Console.WriteLine(Invariant($"Rounds: {rounds} measured after 1 warm-up. Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}; Azurite in memory. {cores}"));
        }
        finally
        {
            azurite.Stop();
        }
    }

    /// <summary>
    /// The memory a Functions instance needs for the rollup: the timed runs above share this process with
    /// the benchmark's own seeding and bare reads, so the rollup is run again through the app in its own
    /// process (<c>POST /api/partnerships/{id}/rollups/{period}</c>, as an admin would) and that process's
    /// peak resident memory read from the kernel. Twice: with no limit, where the garbage collector grows
    /// the heap as it likes, and as on the smallest Flex Consumption instance, whose container limit of
    /// 512 MiB makes .NET cap its heap at 75 % of it (set here with <c>DOTNET_GCHeapHardLimit</c>).
    /// </summary>
    private static async Task AppMemoryAsync(AzuriteFixture azurite, TableClient rollupTable, string partnershipId, Period period)
    {
        const long InstanceBytes = 512L * 1024 * 1024;
        await AppMemoryAsync(azurite, rollupTable, partnershipId, period, null, "no memory limit");
        await AppMemoryAsync(
            azurite, rollupTable, partnershipId, period,
            new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = $"0x{InstanceBytes / 4 * 3:X}" },
            "heap limit of a 512 MiB instance (384 MiB)");
    }

    private static async Task AppMemoryAsync(AzuriteFixture azurite, TableClient rollupTable, string partnershipId, Period period, Dictionary<string, string>? settings, string limit)
    {
        const int Runs = 2;
        await using var app = await AppProcess.StartAsync(azurite.ConnectionString, settings, maxConnections: 1, onError: line => Console.Error.WriteLine($"app: {line}"));
        var (_, started) = app.Memory();
        var times = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            await rollupTable.DeleteEntityAsync(partnershipId, period.Id);
            var clock = Stopwatch.StartNew();
            using var request = AppProcess.AsAdmin(HttpMethod.Post, $"/api/partnerships/{partnershipId}/rollups/{period.Id}");
            using var response = await app.Http.SendAsync(request);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"The app's rollup answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            times.Add(clock.Elapsed.TotalSeconds);
        }

        var (peak, after) = app.Memory();
        Console.WriteLine(Invariant($"The app in its own process (Production settings, {limit}, {RuntimeInformation.FrameworkDescription}), {Runs} rollups through POST /api/partnerships/{partnershipId}/rollups/{period.Id} ({string.Join(", ", times.Select(t => t.ToString("N2", CultureInfo.InvariantCulture)))} s): resident {Mebibytes(started)} MiB once started, {Mebibytes(after)} MiB after the rollups, peak {Mebibytes(peak)} MiB (VmHWM, start-up included)."));
    }

    private static string Mebibytes(long bytes) => (bytes / (1024.0 * 1024)).ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>
    /// The same queries <see cref="StoredRollupInputs"/> makes, all at once, materialising each entity and nothing more:
    /// each period's latest returns and reviews, each survey's releases and its responses' key ranges. Counts the
    /// return and response rows, which the caller checks against what was seeded.
    /// </summary>
    private static async Task<int> BareReadAsync(TableServiceClient tables, Strategy strategy, Period period)
    {
        var periods = RollupCalculator.PeriodsRead(strategy, period);
        var returns = tables.GetTableClient(ReturnStore.TableName);
        var responses = tables.GetTableClient(SurveyResponseStore.TableName);
        var releases = tables.GetTableClient(SurveyReleases.TableName);
        var counted = periods
            .Select(p => CountAsync(returns.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {ReturnStore.PartitionKey(strategy.PartnershipId, p)} and RowKey ge {"latest|"} and RowKey lt {"latest}"}"))))
            .Concat(strategy.Surveys.SelectMany(survey => SurveyResponseStore.ReadFilters(strategy.PartnershipId, survey.Id)).Select(filter => CountAsync(responses.QueryAsync<TableEntity>(filter))))
            .ToList();
        var alongside = periods
            .Select(p => CountAsync(returns.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {ReturnStore.PartitionKey(strategy.PartnershipId, p)} and RowKey ge {"review|"} and RowKey lt {"review}"}"))))
            .Concat(strategy.Surveys.Select(survey => CountAsync(releases.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {SurveyResponseStore.PartitionKey(strategy.PartnershipId, survey.Id)}")))))
            .ToList();
        await Task.WhenAll(alongside);
        return (await Task.WhenAll(counted)).Sum();
    }

    private static async Task<int> CountAsync(Azure.AsyncPageable<TableEntity> rows)
    {
        var count = 0;
        await foreach (var row in rows)
        {
            count += row.Count > 0 ? 1 : 0;
        }

        return count;
    }

    /// <summary>Every generated version as a <c>version|</c> row and the highest per partner as its <c>latest|</c> row.</summary>
    internal static async Task<(int Rows, int Latest)> SeedReturnsAsync(TableServiceClient tables, Strategy strategy)
    {
        var table = tables.GetTableClient(ReturnStore.TableName);
        await table.CreateIfNotExistsAsync();
        var returns = SampleReturns.Generate(strategy, strategy.Periods, Seed);
        var actions = new List<(string Partition, TableTransactionAction Action)>();
        foreach (var item in returns)
        {
            actions.Add((item.PartitionKey(), new TableTransactionAction(TableTransactionActionType.Add, Row(item, ReturnStore.VersionRowKey(item.PartnerId, item.Version)))));
        }

        var latest = returns.GroupBy(item => (item.Period, item.PartnerId)).Select(group => group.MaxBy(item => item.Version)!).ToList();
        foreach (var item in latest)
        {
            actions.Add((item.PartitionKey(), new TableTransactionAction(TableTransactionActionType.Add, Row(item, ReturnStore.LatestRowKey(item.PartnerId)))));
        }

        await SubmitAsync(table, actions);
        return (actions.Count, latest.Count);
    }

    /// <summary>The responses, written in batches of 100 the way the flush writes them; how many responses and rows.</summary>
    private static async Task<(int Responses, int Rows)> SeedResponsesAsync(TableServiceClient tables, Strategy strategy, int count)
    {
        var store = new SurveyResponseStore(tables);
        var batches = new List<StagedResponse[]>();
        var perSurvey = count / strategy.Surveys.Count;
        foreach (var survey in strategy.Surveys)
        {
            var random = new Random(Seed);
            var share = survey == strategy.Surveys[^1] ? count - (perSurvey * (strategy.Surveys.Count - 1)) : perSurvey;

            // Random ids, as the survey API gives them; drawn from a seeded generator so runs match.
            batches.AddRange(SampleSurveyResponses.Generate(strategy, survey, strategy.Periods, share, Seed)
                .Select(response => new StagedResponse(Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64())) + Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64())), response, Held: false))
                .Chunk(100));
        }

        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (batch, ct) => await store.WriteBatchAsync(strategy.PartnershipId, batch, ct));
        return (count, batches.Sum(batch => SurveyResponseStore.ToRows(strategy.PartnershipId, batch).Count));
    }

    private static async Task SubmitAsync(TableClient table, List<(string Partition, TableTransactionAction Action)> actions)
    {
        var batches = actions.GroupBy(pair => pair.Partition).SelectMany(group => group.Select(pair => pair.Action).Chunk(100)).ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (batch, ct) => await table.SubmitTransactionAsync(batch, ct));
    }

    private static string PartitionKey(this QuarterlyReturn item) => ReturnStore.PartitionKey(item.PartnershipId, item.Period);

    private static TableEntity Row(QuarterlyReturn item, string rowKey)
    {
        var row = new TableEntity(item.PartitionKey(), rowKey)
        {
            ["PartnerId"] = item.PartnerId,
            ["Version"] = item.Version,
            ["StrategyVersion"] = item.StrategyVersion,
            ["Values"] = MeasureValueJson.Write(item.Values),
            ["SubmittedBy"] = item.SubmittedBy,
            ["SubmittedAt"] = item.SubmittedAt,
            ["IsLate"] = item.IsLate,
            ["Changes"] = "[]",
        };
        foreach (var (name, text) in new[] { ("Achievements", item.Narrative.Achievements), ("NextSteps", item.Narrative.NextSteps), ("Risks", item.Narrative.Risks) })
        {
            if (!string.IsNullOrEmpty(text))
            {
                row[name] = text;
            }
        }

        return row;
    }


    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The size of a generated partnership.</summary>
internal sealed record RollupShape(int Partners, int Measures, int Quarters);
