using StrategyReports.Functions.Hosting;

namespace StrategyReports.Functions.Highlights;

public static class HighlightsSetup
{
    /// <summary>The programme log store and the use cases the API and the lead's pages share.</summary>
    public static IServiceCollection AddHighlights(this IServiceCollection services)
    {
        services.AddSingleton<ProgrammeLogStore>();
        services.AddSingleton<ProgrammeLogs>();
        services.AddGeneratedJson(HighlightsJson.Default);
        return services;
    }

    /// <summary>The highlight and log API, and the lead's pages for a programme's log, its risks and milestones.</summary>
    public static IEndpointRouteBuilder MapHighlights(this IEndpointRouteBuilder app) =>
        app.MapHighlightsApi().MapProgrammeLogPages().MapRiskAndMilestonePages();
}
