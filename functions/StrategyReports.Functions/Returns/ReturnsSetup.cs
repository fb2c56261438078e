namespace StrategyReports.Functions.Returns;

public static class ReturnsSetup
{
    /// <summary>
    /// Returns, personal links and the return form. The signing key is checked with the other secrets at
    /// start-up (<see cref="Security.StartupChecks"/>).
    /// </summary>
    public static IServiceCollection AddReturns(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<LinkOptions>(configuration.GetSection(LinkOptions.Section));
        services.AddSingleton<ReturnStore>();
        services.AddSingleton<ReturnSubmissions>();
        services.AddSingleton<ReturnDraftStore>();
        services.AddSingleton<ReturnDrafts>();
        services.AddSingleton<ReturnImports>();
        services.AddSingleton<PersonalLinks>();
        services.AddSingleton<ReturnReviewStore>();
        services.AddSingleton<ReturnReviews>();
        return services;
    }
}
