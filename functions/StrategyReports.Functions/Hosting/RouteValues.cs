using StrategyReports.Domain.Failures;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Strategies;

namespace StrategyReports.Functions.Hosting;

/// <summary>
/// Ids and periods that come in URLs become storage keys: they are checked before any storage call, by the same
/// rules a strategy's ids and periods are read with, so a malformed one is simply unknown (404), never a storage error.
/// </summary>
public static class RouteValues
{
    public static bool IsId(string? id) => Identifier.IsValid(id);

    /// <summary>An id in a URL that does not name anything that could exist is simply unknown: 404.</summary>
    public static string RequireId(string id, string what) =>
        IsId(id) ? id : throw new NotFoundException(what, id);

    /// <summary>A period in a URL that is not a quarter such as 2026-27-Q2 names nothing that could exist: 404, as an id.</summary>
    public static Period RequirePeriod(string period) =>
        Period.TryParse(period, out var quarter) ? quarter : throw new NotFoundException("period", period);
}
