using System.Globalization;
using StrategyReports.Domain.Periods;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Strategies;

namespace StrategyReports.Functions.Reports;

/// <summary>
/// Nightly, after the rollup (02:30): regenerates the reports of every partnership's periods whose
/// rollup version has moved past the one their manifest records. Idempotent: a rerun finds them current.
/// </summary>
public sealed class GenerateReportsTimer(StrategyStore strategies, ReportService reports, TimeProvider time) : ITimerFunction
{
    public const string FunctionName = "GenerateReports";

    public string Name => FunctionName;

    public async Task<string> RunAsync(TimerInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var today = Period.Containing(UkTime.DateAt(time.GetUtcNow()));
        var generated = 0;
        var checkedPeriods = 0;
        foreach (var partnership in await strategies.ListPartnershipsAsync(cancellationToken))
        {
            var strategy = (await strategies.GetCurrentAsync(partnership.Id, cancellationToken))?.Strategy;
            foreach (var period in strategy?.Periods.Where(p => p <= today) ?? [])
            {
                checkedPeriods++;
                if (await reports.RefreshAsync(partnership.Id, period, cancellationToken) is { } result)
                {
                    generated++;
                    invocation.Log(string.Create(CultureInfo.InvariantCulture, $"{partnership.Id} {period.Id}: rollup v{result.Manifest.RollupVersion}, {result.Manifest.Files.Count} files{(result.Changed ? "" : " (unchanged)")}."));
                }
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"Reports regenerated for {generated} of {checkedPeriods} periods.");
    }
}
