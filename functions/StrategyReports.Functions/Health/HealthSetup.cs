namespace StrategyReports.Functions.Health;

public static class HealthSetup
{
    public static IServiceCollection AddHealth(this IServiceCollection services) =>
        services.AddSingleton<HealthProbe>()
            .ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, HealthJson.Default));
}
