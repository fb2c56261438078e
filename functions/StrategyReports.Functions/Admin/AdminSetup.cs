namespace StrategyReports.Functions.Admin;

public static class AdminSetup
{
    /// <summary>The admin's pages; they run the use cases of the features they administer.</summary>
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app) => app.MapAdminPages();
}
