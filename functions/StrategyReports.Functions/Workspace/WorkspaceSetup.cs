namespace StrategyReports.Functions.Workspace;

public static class WorkspaceSetup
{
    /// <summary>The pages every visitor starts from (home, sign-in, static files) and a partnership's page.</summary>
    public static IEndpointRouteBuilder MapWorkspace(this IEndpointRouteBuilder app) => app.MapWorkspacePages().MapPartnershipPage();
}
