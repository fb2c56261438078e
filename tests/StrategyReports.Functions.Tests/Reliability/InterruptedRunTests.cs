using System.Net;
using System.Security.Cryptography;
using StrategyReports.TestSupport;
using Xunit.Abstractions;

using static StrategyReports.Functions.Tests.Reliability.LiveApp;

namespace StrategyReports.Functions.Tests.Reliability;

/// <summary>
/// A rollup or report run whose instance is killed (SIGKILL) at a chosen step leaves readers on the previous
/// complete version, and the next timer run completes it once the dead instance's lease has expired. Each step
/// runs in its own app process against its own storage account of one Azurite, all at once, so the suite waits
/// for one lease expiry, not one per step.
/// </summary>
[Collection(FaultTests.Collection)]
public sealed class InterruptedRunTests(FaultStorage faults, ITestOutputHelper output)
{
    private static readonly Step[] Steps =
    [
        new("rollup-blob", "RollupNightly", "before the new rollup version's blob is written",
            storage => storage.Blob.HoldRequests(r => r.Method == "PUT" && r.Target.Contains($"/rollups/{PartnershipId}/", StringComparison.Ordinal) && r.Path.EndsWith("v000002.json", StringComparison.Ordinal))),
        new("rollup-row", "RollupNightly", "after the blob, before the rollups row that commits it",
            storage => storage.Table.HoldRequests(r => r.Method == "PUT" && r.Target.Contains($"/rollups(PartitionKey='{PartnershipId}'", StringComparison.Ordinal))),
        new("rollup-lease", "RollupNightly", "after the commit, before its lease is released",
            storage => storage.Blob.HoldRequests(r => r.Header("x-ms-lease-action") == "release" && r.Target.Contains($"/rollups/{PartnershipId}/", StringComparison.Ordinal))),
        new("report-file", "GenerateReports", "after the first report file, before the second",
            storage => { var files = 0; return storage.Blob.HoldRequests(r => r.Method == "PUT" && IsReportFile(r) && Interlocked.Increment(ref files) == 2); }),
        new("report-manifest", "GenerateReports", "after every file, before the manifest",
            storage => storage.Blob.HoldRequests(r => r.Method == "PUT" && r.Path.EndsWith("/manifest.json", StringComparison.Ordinal))),
    ];

    [Fact]
    [Trait(Categories.Name, Categories.Slow)]
    public async Task A_run_killed_at_any_step_leaves_the_previous_version_readable_and_the_next_timer_run_completes_it()
    {
        var outcomes = await Task.WhenAll(Steps.Select(RunAsync));

        foreach (var outcome in outcomes)
        {
            output.WriteLine(outcome);
        }
    }

    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    private void Log(Step step, string what) => output.WriteLine(Invariant($"{_clock.Elapsed.TotalSeconds,6:0.0} s {step.Name}: {what}"));

    private async Task<string> RunAsync(Step step)
    {
        Log(step, "starting");
        await using var storage = faults.NewStorage();
        await using var app = await AppProcess.StartAsync(storage.ConnectionString, Settings());
        var http = app.Http;
        Log(step, "app up");
        try
        {
            await ExpectAsync(HttpStatusCode.Created, PublishAsync(http, Strategy()));
            await ExpectAsync(HttpStatusCode.Created, SubmitReturnAsync(http, "trust", 90, "first", null, null));
            Assert.StartsWith("1 stored", await RunTimerAsync(http, "RollupNightly"), StringComparison.Ordinal);
            await RunTimerAsync(http, "GenerateReports");
            var before = await ReportsAsync(http);
            Assert.Equal(1, before.RollupVersion);

            await ExpectAsync(HttpStatusCode.Created, SubmitReturnAsync(http, "trust", 120, "second", await LatestETagAsync(http, "trust"), null));
            if (step.Timer == "GenerateReports")
            {
                Assert.StartsWith("1 stored", await RunTimerAsync(http, "RollupNightly"), StringComparison.Ordinal);
            }

            // The run reaches the step, and its instance dies there.
            Log(step, "seeded");
            var held = step.Hold(storage);
            var run = RunTimerAsync(http, step.Timer);
            await held.Reached.WaitAsync(TimeSpan.FromSeconds(60));
            var killedAt = DateTimeOffset.UtcNow;
            await app.KillAsync();
            held.Discard();
            await Assert.ThrowsAnyAsync<Exception>(() => run);
            await app.RestartAsync();
            Log(step, "killed and restarted");

            // Readers see one complete version: the previous, or the new one if it was committed before the kill.
            var rollupVersion = (await GetJsonAsync(http, $"/api/partnerships/{PartnershipId}/rollups/{Period.Id}")).GetProperty("version").GetInt32();
            Assert.Equal(step.Name == "rollup-lease" ? 2 : step.Timer == "RollupNightly" ? 1 : 2, rollupVersion);
            var after = await ReportsAsync(http);
            Assert.Equal(1, after.RollupVersion);
            Assert.Equal(before.Files, after.Files);

            // The next timer run, once the dead instance's lease has expired, completes what was cut short; the one after finds nothing to do.
            var completed = await RunTimerUntilDoneAsync(http, step.Timer);
            var tookOver = DateTimeOffset.UtcNow - killedAt;
            Log(step, "completed");
            Assert.Equal(2, (await GetJsonAsync(http, $"/api/partnerships/{PartnershipId}/rollups/{Period.Id}")).GetProperty("version").GetInt32());
            if (step.Timer == "GenerateReports")
            {
                var regenerated = await ReportsAsync(http);
                Assert.Equal(2, regenerated.RollupVersion);
                Assert.NotEqual(before.Files, regenerated.Files);
            }

            var again = await RunTimerAsync(http, step.Timer);
            Assert.True(again.StartsWith("0 stored", StringComparison.Ordinal) || again.StartsWith("Reports regenerated for 0 ", StringComparison.Ordinal), again);
            return Invariant($"{step.Name} (killed {step.Where}): readers stayed on rollup v{rollupVersion}, reports of rollup v1; completed {tookOver.TotalSeconds:0} s after the kill by '{completed}'.");
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{step.Name}: {e.Message}{Environment.NewLine}{app.RecentOutput}", e);
        }
    }

    // Runs the timer until a run does the work (the dead instance's leases have expired by then), for at most a minute.
    private static async Task<string> RunTimerUntilDoneAsync(HttpClient http, string timer)
    {
        var deadline = DateTimeOffset.UtcNow.AddMinutes(1);
        while (true)
        {
            var outcome = await RunTimerAsync(http, timer);
            if (outcome.StartsWith("1 stored", StringComparison.Ordinal) || outcome.StartsWith("Reports regenerated for 1 ", StringComparison.Ordinal))
            {
                return outcome;
            }

            if (outcome.StartsWith("0 stored, 1 unchanged", StringComparison.Ordinal))
            {
                // The killed run had committed the rollup before it died: nothing is left to do.
                return outcome;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"The {timer} timer did not complete the interrupted run within a minute: {outcome}");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>The reports as a reader gets them: the manifest's rollup version, and every file downloaded whole and matching its checksum.</summary>
    private static async Task<(int RollupVersion, string Files)> ReportsAsync(HttpClient http)
    {
        var listing = await GetJsonAsync(http, $"/api/partnerships/{PartnershipId}/reports/{Period.Id}");
        var files = new List<string>();
        foreach (var file in listing.GetProperty("files").EnumerateArray())
        {
            using var request = AppProcess.AsAdmin(HttpMethod.Get, file.GetProperty("href").GetString()!);
            using var response = await http.SendAsync(request);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{file.GetProperty("name")}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(bytes)}");
            var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            Assert.Equal(file.GetProperty("sha256").GetString(), sha);
            files.Add($"{file.GetProperty("name")}={sha}");
        }

        return (listing.GetProperty("rollupVersion").GetInt32(), string.Join(' ', files));
    }

    private static bool IsReportFile(ProxiedRequest request) =>
        request.Target.Contains($"/reports/{PartnershipId}/", StringComparison.Ordinal)
        && (request.Path.EndsWith(".pdf", StringComparison.Ordinal) || request.Path.EndsWith(".html", StringComparison.Ordinal));

    private sealed record Step(string Name, string Timer, string Where, Func<ProxiedStorage, HeldRequests> Hold);
}
