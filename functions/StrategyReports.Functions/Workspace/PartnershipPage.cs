using StrategyReports.Domain;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Strategies;
using StrategyReports.Functions.Layout;
using StrategyReports.Functions.Security;
using StrategyReports.Functions.Strategies;

namespace StrategyReports.Functions.Workspace;

/// <summary>A lead's way in: every period of the strategy so far, with its returns and its reports.</summary>
public static class PartnershipPage
{
    public static IEndpointRouteBuilder MapPartnershipPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/partnerships/{partnershipId}", PageAsync).WithName("PartnershipPage").AllowAnonymous();
        return app;
    }

    public static async Task<IResult> PageAsync(string partnershipId, HttpContext http, PageRenderer pages, StrategyStore strategies, TimeProvider time, CancellationToken cancellationToken)
    {
        if (LeadPageAccess.Refuse(http, pages, partnershipId) is { } refusal)
        {
            return refusal;
        }

        var published = await strategies.GetCurrentAsync(partnershipId, cancellationToken);
        if (published is null)
        {
            return pages.Message("Page not found", [$"No strategy has been published for '{partnershipId}'."], StatusCodes.Status404NotFound);
        }

        var strategy = published.Strategy;
        var now = time.GetUtcNow();
        // Periods whose window has opened, newest first: the ones with returns and reports to look at.
        var rows = strategy.Periods
            .Select(strategy.Calendar.WindowFor)
            .Where(window => window.StateAt(now) != ReturnsWindowState.NotYetOpen)
            .Reverse()
            .Select(window => Row(partnershipId, window, now))
            .ToList();
        return pages.Render(strategy.Name, new PartnershipPageModel(
            strategy.Name,
            strategy.Description,
            published.Version.Version,
            rows,
            [.. strategy.Programmes.Select(p => Programme(partnershipId, p, rows.FirstOrDefault()?.Id, http.User))],
            [.. strategy.Surveys.Select(s => new SurveyLine(s.Title, $"/s/{s.Id}", Formatting.Date(s.Opens), Formatting.Date(s.Closes)))],
            http.User.IsAdminOf(partnershipId) ? $"/partnerships/{partnershipId}/admin" : null));
    }

    private static ProgrammeLine Programme(string partnershipId, Programme programme, string? latestPeriod, System.Security.Claims.ClaimsPrincipal user) =>
        latestPeriod is not null && user.CanLeadProgramme(partnershipId, programme.Id)
            ? new ProgrammeLine(programme.Name, programme.Lead, $"/partnerships/{partnershipId}/programmes/{programme.Id}/{latestPeriod}", latestPeriod)
            : new ProgrammeLine(programme.Name, programme.Lead, null, null);

    private static PartnershipPeriodRow Row(string partnershipId, ReturnsWindow window, DateTimeOffset now) => new(
        window.Period.Id,
        Formatting.Date(window.DueOn),
        window.StateAt(now) switch
        {
            ReturnsWindowState.Open => "Open",
            ReturnsWindowState.Late => "Open (late)",
            _ => "Closed",
        },
        $"/partnerships/{partnershipId}/returns/{window.Period.Id}",
        $"/partnerships/{partnershipId}/reports/{window.Period.Id}");
}
