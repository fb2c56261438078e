namespace StrategyReports.Functions.Audit;

public static class AuditSetup
{
    public static IServiceCollection AddAudit(this IServiceCollection services) => services.AddSingleton<AuditTrail>();
}
