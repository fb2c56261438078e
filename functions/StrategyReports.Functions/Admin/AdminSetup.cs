namespace StrategyReports.Functions.Admin;

public static class AdminSetup
{
    public static IServiceCollection AddAdmin(this IServiceCollection services)
    {
        services.AddSingleton<StrategyPublishing>();
        services.AddSingleton<LinkAdministration>();
        services.AddSingleton<SurveyCodeIssuing>();
        services.AddSingleton<PeriodReopening>();
        services.AddSingleton<AuditTrail>();
        return services;
    }
}
