using Microsoft.Extensions.DependencyInjection.Extensions;
using StrategyReports.Domain.Periods;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Rollups;

namespace StrategyReports.Functions.Reports;

public static class ReportsSetup
{
    /// <summary>The report store, generation and nightly timer. The renderer is registered with the templates (<see cref="Pages.PageSetup"/>).</summary>
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.AddSingleton<ReportStore>();
        services.AddSingleton<ReportService>();
        services.AddSingleton<ITimerFunction, GenerateReportsTimer>();

        // Until the rollup store is merged (it registers the real reader), no rollup exists: reports answer 404.
        services.TryAddSingleton<IRollupReader, NoRollupsStored>();
        return services;
    }

    private sealed class NoRollupsStored : IRollupReader
    {
        public Task<StoredRollup?> GetAsync(string partnershipId, Period period, CancellationToken cancellationToken = default) =>
            Task.FromResult<StoredRollup?>(null);
    }
}
