using System.Security.Claims;
using StrategyReports.Domain.Exports;
using StrategyReports.Domain.Failures;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Rollups;
using StrategyReports.Domain.Strategies;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Security;

namespace StrategyReports.Functions.Exports;

/// <summary>
/// Returns and rollups as tidy tables (CSV or .xlsx) for Excel and Power BI. The stored returns or rollups of the
/// range are read first (so a bad range or a storage failure is a problem document); the rows are then made and
/// written one at a time, so the response streams.
/// </summary>
public static class ExportsApi
{
    public static IEndpointRouteBuilder MapExportsApi(this IEndpointRouteBuilder app)
    {
        var exports = app.MapGroup("/api/partnerships/{partnershipId}/exports");
        exports.MapGet("/returns.csv", ReturnsCsvAsync).WithName("ExportReturnsCsv").RequireAuthorization(Policies.AnyRole)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        exports.MapGet("/returns.xlsx", ReturnsXlsxAsync).WithName("ExportReturnsXlsx").RequireAuthorization(Policies.AnyRole)
            .Produces(StatusCodes.Status200OK, contentType: TableFiles.XlsxContentType);
        exports.MapGet("/rollups.csv", RollupsCsvAsync).WithName("ExportRollupsCsv").RequireAuthorization(Policies.LeadOrAdmin)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        exports.MapGet("/rollups.xlsx", RollupsXlsxAsync).WithName("ExportRollupsXlsx").RequireAuthorization(Policies.LeadOrAdmin)
            .Produces(StatusCodes.Status200OK, contentType: TableFiles.XlsxContentType);
        return app;
    }

    /// <param name="from">First period, e.g. <c>2025-26-Q1</c>; the strategy's first by default.</param>
    /// <param name="to">Last period; the current quarter (within the strategy) by default.</param>
    /// <param name="versions"><c>all</c> for every version of every return; the latest only by default.</param>
    public static Task<IResult> ReturnsCsvAsync(
        string partnershipId, string? from, string? to, string? versions, [AsParameters] ExportsApiServices services, CancellationToken cancellationToken) =>
        ReturnsAsync(TableFormat.Csv, partnershipId, from, to, versions, services, cancellationToken);

    /// <inheritdoc cref="ReturnsCsvAsync"/>
    public static Task<IResult> ReturnsXlsxAsync(
        string partnershipId, string? from, string? to, string? versions, [AsParameters] ExportsApiServices services, CancellationToken cancellationToken) =>
        ReturnsAsync(TableFormat.Xlsx, partnershipId, from, to, versions, services, cancellationToken);

    public static Task<IResult> RollupsCsvAsync(string partnershipId, string? from, string? to, [AsParameters] ExportsApiServices services, CancellationToken cancellationToken) =>
        RollupsAsync(TableFormat.Csv, partnershipId, from, to, services, cancellationToken);

    public static Task<IResult> RollupsXlsxAsync(string partnershipId, string? from, string? to, [AsParameters] ExportsApiServices services, CancellationToken cancellationToken) =>
        RollupsAsync(TableFormat.Xlsx, partnershipId, from, to, services, cancellationToken);

    /// <summary>
    /// Which rows of a partnership's returns a caller may export: admins and whole-partnership leads every row, a
    /// programme lead the rows of their programmes, a partner its own organisation's rows; anyone else 403.
    /// </summary>
    public static ReturnsTable.Scope ReturnsScope(ClaimsPrincipal user, string partnershipId)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.CanReadPartnership(partnershipId))
        {
            return new ReturnsTable.Scope(_ => true, programme => user.CanLeadProgramme(partnershipId, programme.Id));
        }

        if (user.IsPartnerIn(partnershipId))
        {
            return new ReturnsTable.Scope(partner => user.CanActForPartner(partnershipId, partner.Id, write: false), _ => true);
        }

        throw new AccessDeniedException($"You cannot export the returns of '{partnershipId}'.");
    }

    private static async Task<IResult> ReturnsAsync(
        TableFormat format, string partnershipId, string? from, string? to, string? versions, ExportsApiServices services, CancellationToken cancellationToken)
    {
        var (user, strategies, store, _, time) = services;
        RouteValues.RequireId(partnershipId, "partnership");
        var scope = ReturnsScope(user, partnershipId);
        var everyVersion = versions switch
        {
            null or "" or "latest" => false,
            "all" => true,
            _ => throw new ValidationFailedException("versions", $"'{versions}' is not a choice: use versions=all for every version, or leave it out for the latest."),
        };
        var strategy = (await strategies.GetCurrentAsync(partnershipId, cancellationToken))?.Strategy ?? throw new NotFoundException("partnership", partnershipId);
        var periods = Range(strategy, from, to, time.GetUtcNow());
        return await ExportFiles.ReturnsAsync(format, strategy, periods, everyVersion, scope, store, cancellationToken);
    }

    private static async Task<IResult> RollupsAsync(
        TableFormat format, string partnershipId, string? from, string? to, ExportsApiServices services, CancellationToken cancellationToken)
    {
        var (user, strategies, _, rollups, time) = services;
        RouteValues.RequireId(partnershipId, "partnership");
        user.RequireReaderOf(partnershipId);
        var strategy = (await strategies.GetCurrentAsync(partnershipId, cancellationToken))?.Strategy ?? throw new NotFoundException("partnership", partnershipId);
        var periods = Range(strategy, from, to, time.GetUtcNow());

        // The stored rollup, as GET .../rollups/{period} serves it: suppression and release are already applied there.
        var stored = new List<PartnershipRollup>();
        foreach (var period in periods)
        {
            if (await rollups.GetAsync(partnershipId, period, cancellationToken) is { } rollup)
            {
                stored.Add(rollup.Rollup);
            }
        }

        var rows = stored.SelectMany(r => RollupsTable.Rows(r, programme => user.CanLeadProgramme(partnershipId, programme)));
        return ExportFiles.Stream(format, RollupsTable.Columns, rows, $"{partnershipId}-rollups-{ExportFiles.Span(periods)}", "Rollups", cancellationToken);
    }

    /// <summary>The periods from..to, each within the strategy; by default its first period to the current quarter.</summary>
    public static IReadOnlyList<Period> Range(Strategy strategy, string? from, string? to, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        var current = Period.Containing(UkTime.DateAt(now));
        var last = current < strategy.FirstPeriod ? strategy.FirstPeriod : current > strategy.LastPeriod ? strategy.LastPeriod : current;
        var first = ParseBound(strategy, from, "from") ?? strategy.FirstPeriod;
        last = ParseBound(strategy, to, "to") ?? (first > last ? first : last);
        if (first > last)
        {
            throw new ValidationFailedException("to", $"'to' ({last}) is before 'from' ({first}).");
        }

        return [.. Period.Range(first, last)];
    }

    private static Period? ParseBound(Strategy strategy, string? text, string field)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!Period.TryParse(text, out var period))
        {
            throw new ValidationFailedException(field, $"'{text}' is not a period: write a quarter such as 2025-26-Q1.");
        }

        return strategy.Covers(period)
            ? period
            : throw new ValidationFailedException(field, $"{period} is outside the strategy, which covers {strategy.FirstPeriod} to {strategy.LastPeriod}.");
    }
}
