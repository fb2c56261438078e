using System.Globalization;
using StrategyReports.Domain;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Functions.Layout;

namespace StrategyReports.Functions.Returns;

/// <summary>The lead's list of a period's returns. The returns officer's pages behind a personal link are in <see cref="ReturnForm"/>.</summary>
public static class ReturnPages
{
    private static readonly CultureInfo Uk = CultureInfo.InvariantCulture;

    public static IEndpointRouteBuilder MapReturnPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/partnerships/{partnershipId}/returns/{period}", StatusPageAsync).WithName("ReturnsStatusPage").AllowAnonymous();
        return app;
    }

    public static async Task<IResult> StatusPageAsync(string partnershipId, string period, [AsParameters] ReturnsLeadPageContext context, CancellationToken cancellationToken)
    {
        var pages = context.Pages;
        if (LeadPageAccess.Refuse(context.Http, pages, partnershipId) is { } refusal)
        {
            return refusal;
        }

        if (!Period.TryParse(period, out var at))
        {
            return pages.Message("Page not found", ["Check the address: it names a period such as 2026-27-Q2."], StatusCodes.Status404NotFound);
        }

        var published = await context.Strategies.GetCurrentAsync(partnershipId, cancellationToken);
        if (published is null || !published.Strategy.Covers(at))
        {
            return pages.Message("Page not found", [$"'{partnershipId}' has no period {at.Id}."], StatusCodes.Status404NotFound);
        }

        var completeness = await context.Completeness.OfAsync(published.Strategy, at, cancellationToken);
        var states = await context.Reviews.ListStatesAsync(partnershipId, at, cancellationToken);
        var rows = completeness.OnTime.Select(r => Row(partnershipId, at, r, "On time", "nhsuk-tag--green", states))
            .Concat(completeness.Late.Select(r => Row(partnershipId, at, r, "Late", "nhsuk-tag--orange", states)))
            .Concat(completeness.Missing.Select(m => new ReturnStatusRow(m.Name, "Missing", "nhsuk-tag--red", null, null, null)))
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
        return pages.Render($"Returns for {at.Id}", new ReturnsStatusPage(
            published.Strategy.Name,
            at.Id,
            completeness.Window.DueOn,
            completeness.Window.ClosesOn,
            completeness.Expected,
            completeness.Received,
            completeness.Late.Count,
            completeness.Missing.Count,
            completeness.Window.Reopened,
            completeness.OnTime.Concat(completeness.Late).Any(r => r.IsSampleData),
            rows,
            Chasing.ChasingPages.Href(partnershipId, at)));
    }

    private static ReturnStatusRow Row(string partnershipId, Period period, ReceivedReturn r, string status, string tag, IReadOnlyDictionary<string, ReviewStatus> states)
    {
        var review = states.TryGetValue(r.Partner, out var found) ? found.State : ReviewState.AwaitingReview;
        return new(
            r.Name, status, tag, r.Version.ToString(Uk), Formatting.Moment(r.SubmittedAt), r.SubmittedBy,
            $"/partnerships/{partnershipId}/returns/{period.Id}/{r.Partner}", ReturnReviewPages.StateLabel(review), ReturnReviewPages.StateTag(review));
    }
}
