namespace StrategyReports.Functions.Strategies;

public static class StrategiesSetup
{
    /// <summary>The published strategies and the use case that publishes a new version.</summary>
    public static IServiceCollection AddStrategies(this IServiceCollection services) =>
        services.AddSingleton<StrategyStore>().AddSingleton<StrategyPublishing>();

    public static IEndpointRouteBuilder MapStrategies(this IEndpointRouteBuilder app) => app.MapStrategyApi();
}
