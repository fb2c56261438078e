using StrategyReports.Functions.Hosting;

namespace StrategyReports.Functions.Rollups;

public static class RollupSetup
{
    public static IServiceCollection AddRollups(this IServiceCollection services)
    {
        services.AddSingleton<RollupStore>();
        services.AddSingleton<IRollupReader>(provider => provider.GetRequiredService<RollupStore>());
        services.AddSingleton<IRollupInputs, StoredRollupInputs>();
        services.AddSingleton<RollupService>();
        services.AddTimerFunction<RollupNightly>(RollupNightly.FunctionName);
        services.AddTimerFunction<RollupWhileReturnsOpen>(RollupWhileReturnsOpen.FunctionName);
        return services;
    }

    public static IEndpointRouteBuilder MapRollups(this IEndpointRouteBuilder app) => app.MapRollupApi();
}
