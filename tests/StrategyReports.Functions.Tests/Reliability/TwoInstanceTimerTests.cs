using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using StrategyReports.TestSupport;
using Xunit.Abstractions;

using static StrategyReports.Functions.Tests.Reliability.LiveApp;

namespace StrategyReports.Functions.Tests.Reliability;

/// <summary>
/// Two instances of the app run the same timers against one storage account, as two Flex Consumption instances do:
/// each change to the inputs makes one rollup version, not one per instance or per timer, and a second round of
/// firings makes none. One instance's storage is slowed, so its runs overlap the other's.
/// </summary>
[Collection(FaultTests.Collection)]
public sealed class TwoInstanceTimerTests(FaultStorage faults, ITestOutputHelper output)
{
    private static readonly string[] RollupTimers = ["RollupNightly", "RollupWhileReturnsOpen"];

    [Fact]
    public async Task Two_instances_firing_the_same_timers_store_one_rollup_version_per_change()
    {
        await using var first = faults.NewStorage();
        await using var second = new ProxiedStorage(faults.Azurite, first.Account);
        using var instanceA = InProcess(first);
        using var instanceB = InProcess(second);
        using var a = instanceA.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        using var b = instanceB.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        await ExpectAsync(HttpStatusCode.Created, PublishAsync(a, Strategy()));
        second.Both(proxy => proxy.Delay(TimeSpan.FromMilliseconds(40)));

        var outcomes = new List<string>();
        const int Changes = 3;
        for (var change = 1; change <= Changes; change++)
        {
            var submitter = change % 2 == 0 ? a : b;
            await ExpectAsync(HttpStatusCode.Created, SubmitReturnAsync(submitter, "trust", 100 + change, Invariant($"change {change}"), await LatestETagAsync(submitter, "trust"), null));

            // Both instances fire both rollup timers at once, then again once all four have finished.
            for (var round = 0; round < 2; round++)
            {
                outcomes.AddRange(await Task.WhenAll(RollupTimers.SelectMany(timer => new[] { RunTimerAsync(a, timer), RunTimerAsync(b, timer) })));
                var rollup = await GetJsonAsync(a, $"/api/partnerships/{PartnershipId}/rollups/{Period.Id}");
                Assert.Equal(change, rollup.GetProperty("version").GetInt32());
            }
        }

        foreach (var outcome in outcomes.GroupBy(o => o).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine(Invariant($"{outcome.Count()} × {outcome.Key}"));
        }

        Assert.Equal(Changes, outcomes.Count(o => o.StartsWith("1 stored", StringComparison.Ordinal)));
    }
}
