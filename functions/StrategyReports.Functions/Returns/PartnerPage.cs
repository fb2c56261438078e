using StrategyReports.Domain;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Domain.Rollups;
using StrategyReports.Domain.Strategies;
using StrategyReports.Functions.Layout;
using StrategyReports.Functions.Rollups;

namespace StrategyReports.Functions.Returns;

/// <summary>
/// The partner's own page behind its personal link (<c>/r</c>): the returns it can send now with their due dates,
/// its past returns and whether each came in, and its own figures beside the partnership's for the latest quarter
/// rolled up. It shows this partner's values and the partnership's totals, never another partner's: a total only
/// appears when enough partners contributed that it cannot be taken apart (<see cref="MinimumContributors"/>).
/// </summary>
public static class PartnerPage
{
    /// <summary>
    /// With two partners, the total less your own figure is the other partner's figure: a partnership figure is
    /// shown only when at least this many partners gave one.
    /// </summary>
    public const int MinimumContributors = 3;

    public static async Task<IResult> ShowAsync(HttpContext http, [AsParameters] ReturnFormServices services, IRollupReader rollups, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(rollups);
        var pages = services.Pages;
        var (link, refusal) = await ReturnForm.SessionLinkAsync(http, pages, services.Links, cancellationToken);
        if (link is null)
        {
            return refusal!;
        }

        var published = await services.Strategies.GetCurrentAsync(link.PartnershipId, cancellationToken);
        var partner = published?.Strategy.FindPartner(link.PartnerId);
        if (published is null || partner is null)
        {
            return pages.Message("No return is due now", ["Your partnership no longer expects returns from this link. Contact your partnership's admin."]);
        }

        var strategy = published.Strategy;
        var now = services.Time.GetUtcNow();
        var due = new List<DueReturnRow>();
        var past = new List<PastReturnRow>();
        var queries = new List<PartnerQueryRow>();
        string? nextOpens = null;
        var opened = new List<Period>();
        foreach (var period in strategy.Periods)
        {
            var context = await services.Submissions.GetContextAsync(published, partner, period, cancellationToken);
            if (context.State == ReturnsWindowState.NotYetOpen)
            {
                nextOpens = $"Returns for {Formatting.PeriodWithId(period)} open on {Formatting.Date(context.Window.OpensOn)}.";
                break;
            }

            opened.Add(period);
            var latest = (await services.Store.GetLatestAsync(link.PartnershipId, period, link.PartnerId, cancellationToken))?.Return;
            var query = latest is null ? null : await services.Reviews.GetOpenQueryAsync(link.PartnershipId, period, link.PartnerId, latest.Version, cancellationToken);
            if (query is not null)
            {
                queries.Add(new PartnerQueryRow(period.Id, period.Label, context.AcceptsReturns ? ReturnForm.PathFor(period) : null, ReturnQueryView.Of(query, strategy)));
            }

            if (context.AcceptsReturns)
            {
                var draft = await services.Drafts.GetAsync(context, cancellationToken);
                due.Add(Due(period, context, latest, draft is not null && (latest is null || draft.SavedAt > latest.SubmittedAt), query is not null));
            }
            else
            {
                past.Add(Past(period, latest));
            }
        }

        past.Reverse();
        var figures = await FiguresAsync(strategy, partner, opened, services.Store, rollups, cancellationToken);
        return pages.Render(
            $"Returns for {partner.Name}",
            new PartnerHomePage(partner.Name, strategy.Name, queries, due, nextOpens, past, figures));
    }

    private static DueReturnRow Due(Period period, ReturnContext context, QuarterlyReturn? latest, bool hasDraft, bool queried)
    {
        var (status, tag, action) = (latest, hasDraft) switch
        {
            _ when queried => ($"Queried (version {latest!.Version})", "nhsuk-tag--red", "Answer the query"),
            (_, true) => ("Draft saved", "nhsuk-tag--blue", "Continue"),
            (null, _) => (context.State == ReturnsWindowState.Open ? "Not started" : "Overdue", context.State == ReturnsWindowState.Open ? "nhsuk-tag--grey" : "nhsuk-tag--red", "Start"),
            ({ IsLate: true }, _) => ($"Submitted late (version {latest.Version})", "nhsuk-tag--orange", "Change"),
            _ => ($"Submitted (version {latest.Version})", "nhsuk-tag--green", "Change"),
        };
        return new DueReturnRow(
            period.Id, period.Label, Formatting.Date(context.Window.DueOn), Formatting.Date(context.Window.ClosesOn), status, tag, ReturnForm.PathFor(period), action);
    }

    private static PastReturnRow Past(Period period, QuarterlyReturn? latest) => latest switch
    {
        null => new(period.Id, period.Label, "Not submitted", "nhsuk-tag--red", null, null),
        { IsLate: true } => new(period.Id, period.Label, "Submitted late", "nhsuk-tag--orange", latest.Version, Formatting.Moment(latest.SubmittedAt)),
        _ => new(period.Id, period.Label, "Submitted", "nhsuk-tag--green", latest.Version, Formatting.Moment(latest.SubmittedAt)),
    };

    // The latest opened quarter that has been rolled up: the partner's own return for it beside the partnership's figures.
    private static async Task<PartnerFigures?> FiguresAsync(
        Strategy strategy, Partner partner, IReadOnlyList<Period> opened, ReturnStore store, IRollupReader rollups, CancellationToken cancellationToken)
    {
        foreach (var period in opened.Reverse())
        {
            if (await rollups.GetVersionAsync(strategy.PartnershipId, period, cancellationToken) is null)
            {
                continue;
            }

            var rollup = (await rollups.GetAsync(strategy.PartnershipId, period, cancellationToken))?.Rollup;
            if (rollup is null)
            {
                return null;
            }

            var own = (await store.GetLatestAsync(strategy.PartnershipId, period, partner.Id, cancellationToken))?.Return;
            var rolled = rollup.Programmes.SelectMany(p => p.Measures).ToDictionary(m => m.MeasureId, StringComparer.Ordinal);
            var sections = ReturnFormView.Sections(strategy, partner)
                .Select(s => new FigureSection(s.Programme.Name, [.. s.Measures.Select(m => new FigureRow(m.Name, Yours(m, own), Partnership(rolled.GetValueOrDefault(m.Id))))]))
                .ToList();
            return new PartnerFigures(period.Id, period.Label, own is null, sections);
        }

        return null;
    }

    private static string Yours(SuccessMeasure measure, QuarterlyReturn? own) => own?.Values.GetValueOrDefault(measure.Id) switch
    {
        CountValue count => Formatting.Value(measure.Kind, measure.Unit, count.Value),
        AmountValue amount => Formatting.Money(amount.Value),
        RatioValue ratio when measure.RatioValue(ratio.Numerator, ratio.Denominator) is { } value => Formatting.Value(measure.Kind, measure.Unit, value),
        YesNoValue yesNo => yesNo.Value ? "Yes" : "No",
        _ => "Not given",
    };

    private static string Partnership(MeasureRollup? measure) => measure switch
    {
        null or { Value: null } => "No figure",
        _ when measure.Contributors.Count < MinimumContributors => $"Not shown: fewer than {MinimumContributors} partners gave a figure",
        _ => Formatting.Actual(measure),
    };
}

/// <param name="Href">The form for the period.</param>
/// <param name="Action">What following the link does: start, continue a draft, or change what was sent.</param>
public sealed record DueReturnRow(string Period, string PeriodLabel, string DueOn, string ClosesOn, string Status, string Tag, string Href, string Action);

public sealed record PastReturnRow(string Period, string PeriodLabel, string Status, string Tag, int? Version, string? SubmittedAt);

public sealed record FigureRow(string Measure, string Yours, string Partnership);

public sealed record FigureSection(string Heading, IReadOnlyList<FigureRow> Rows);

/// <param name="NoReturn">This partner sent no return for the quarter.</param>
public sealed record PartnerFigures(string Period, string PeriodLabel, bool NoReturn, IReadOnlyList<FigureSection> Sections);

/// <summary>A lead's query open on one of the partner's returns; <paramref name="Href"/> is the form when the quarter still takes returns.</summary>
public sealed record PartnerQueryRow(string Period, string PeriodLabel, string? Href, ReturnQueryView Query);

public sealed record PartnerHomePage(
    string PartnerName,
    string PartnershipName,
    IReadOnlyList<PartnerQueryRow> Queries,
    IReadOnlyList<DueReturnRow> Due,
    string? NextOpens,
    IReadOnlyList<PastReturnRow> Past,
    PartnerFigures? Figures) : IPageModel
{
    public static string Template => "partner-home";
}
