using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using StrategyReports.Domain.Strategies;
using StrategyReports.Functions.Layout;
using StrategyReports.Functions.Strategies;
using Quarter = StrategyReports.Domain.Periods.Period;

namespace StrategyReports.Functions.Highlights;

/// <summary>
/// What every page of a programme's log carries (<see cref="ProgrammeLogPages"/>, <see cref="RiskAndMilestonePages"/>),
/// bound with <c>[AsParameters]</c>: the programme and quarter in the address, and the services that answer it.
/// </summary>
public sealed record ProgrammeLogRequest(
    string PartnershipId,
    string ProgrammeId,
    string Period,
    HttpContext Http,
    [property: FromServices] PageRenderer Pages,
    [property: FromServices] StrategyStore Strategies,
    [property: FromServices] ProgrammeLogs Logs,
    [property: FromServices] IAntiforgery Antiforgery)
{
    public string Token => Antiforgery.GetAndStoreTokens(Http).RequestToken ?? string.Empty;

    /// <summary>The strategy, programme and quarter the page is for, once the caller may keep its log; else the page to show instead.</summary>
    public async Task<(IResult? Refusal, Strategy? Strategy, Programme? Programme, Quarter Period)> ResolveAsync(CancellationToken cancellationToken)
    {
        if (LeadPageAccess.RefuseProgramme(Http, Pages, PartnershipId, ProgrammeId) is { } refusal)
        {
            return (refusal, null, null, default);
        }

        var strategy = (await Strategies.GetCurrentAsync(PartnershipId, cancellationToken))?.Strategy;
        var programme = strategy?.FindProgramme(ProgrammeId);
        if (strategy is null || programme is null || !Quarter.TryParse(Period, out var at) || !strategy.Covers(at))
        {
            return (Pages.Message("Page not found", ["Check the address: it names a programme and a quarter of the strategy, such as 2026-27-Q2."], StatusCodes.Status404NotFound), null, null, default);
        }

        return (null, strategy, programme, at);
    }
}
