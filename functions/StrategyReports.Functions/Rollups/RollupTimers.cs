using System.Globalization;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Strategies;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Strategies;

namespace StrategyReports.Functions.Rollups;

/// <summary>Nightly: every partnership's current and previous period, so late returns and resubmissions are picked up.</summary>
public sealed class RollupNightly(StrategyStore strategies, RollupService rollups, TimeProvider time) : ITimerFunction
{
    public const string FunctionName = "RollupNightly";

    public string Name => FunctionName;

    public Task<string> RunAsync(TimerInvocation invocation, CancellationToken cancellationToken) =>
        RollupTimer.RunAsync(invocation, strategies, rollups, strategy =>
        {
            var current = strategy.Calendar.CurrentPeriod(time.GetUtcNow());
            return [current.Previous(), current];
        }, cancellationToken);
}

/// <summary>Every half hour: only the periods whose returns window is open (or late but not closed) now.</summary>
public sealed class RollupWhileReturnsOpen(StrategyStore strategies, RollupService rollups, TimeProvider time) : ITimerFunction
{
    public const string FunctionName = "RollupWhileReturnsOpen";

    public string Name => FunctionName;

    public Task<string> RunAsync(TimerInvocation invocation, CancellationToken cancellationToken) =>
        RollupTimer.RunAsync(invocation, strategies, rollups, strategy =>
        {
            var now = time.GetUtcNow();
            return [.. strategy.Periods.Where(period => strategy.Calendar.StateAt(period, now) is ReturnsWindowState.Open or ReturnsWindowState.Late)];
        }, cancellationToken);
}

internal static class RollupTimer
{
    /// <summary>Runs the periods each partnership chooses; one failing is logged, counted in the summary, and the rest still run.</summary>
    public static async Task<string> RunAsync(
        TimerInvocation invocation,
        StrategyStore strategies,
        RollupService rollups,
        Func<Strategy, IReadOnlyList<Period>> periodsOf,
        CancellationToken cancellationToken)
    {
        int stored = 0, unchanged = 0, busy = 0, failed = 0;
        foreach (var partnership in await strategies.ListPartnershipsAsync(cancellationToken))
        {
            var strategy = (await strategies.GetCurrentAsync(partnership.Id, cancellationToken))?.Strategy;
            if (strategy is null)
            {
                continue;
            }

            foreach (var period in periodsOf(strategy).Where(strategy.Covers))
            {
                try
                {
                    var run = await rollups.RunAsync(partnership.Id, period, cancellationToken);
                    switch (run?.Status)
                    {
                        case RollupRunStatus.Stored:
                            stored++;
                            invocation.Log(Invariant($"{partnership.Id} {period}: stored version {run.Version}."));
                            break;
                        case RollupRunStatus.Unchanged:
                            unchanged++;
                            break;
                        case RollupRunStatus.Busy:
                            busy++;
                            invocation.Log(Invariant($"{partnership.Id} {period}: another run holds it now."));
                            break;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failed++;
                    invocation.Log(Invariant($"{partnership.Id} {period}: failed: {e.Message}"));
                }
            }
        }

        return Invariant($"{stored} stored, {unchanged} unchanged, {busy} busy, {failed} failed");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
