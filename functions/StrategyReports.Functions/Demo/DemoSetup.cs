namespace StrategyReports.Functions.Demo;

public static class DemoSetup
{
    /// <summary>The demo partnership, only where <c>Demo:Enabled</c> is set (scripts/run); never in a deployed app.</summary>
    public static IServiceCollection AddDemo(this IServiceCollection services, IConfiguration configuration)
    {
        var enabled = configuration.GetValue<bool>("Demo:Enabled");
        services.AddSingleton(new DemoLinks { IsEnabled = enabled });
        if (enabled)
        {
            services.AddHostedService<DemoPartnership>();
        }

        return services;
    }
}
