using StrategyReports.Functions.Hosting;

namespace StrategyReports.Functions.Health;

public static class HealthSetup
{
    public static IServiceCollection AddHealth(this IServiceCollection services) =>
        services.AddSingleton<HealthProbe>()
            .AddGeneratedJson(HealthJson.Default);
}
