using StrategyReports.Functions.Hosting;

namespace StrategyReports.Functions.Reports;

public static class ReportsSetup
{
    /// <summary>The report store, generation and nightly timer. The renderer is registered with the templates (<see cref="Layout.PageSetup"/>) and the rollup reader with the rollups (<see cref="Rollups.RollupSetup"/>).</summary>
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.AddSingleton<ReportStore>();
        services.AddSingleton<ReportService>();
        services.AddTimerFunction<GenerateReportsTimer>(GenerateReportsTimer.FunctionName);
        return services;
    }

    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder app) => app.MapReportsApi();
}
