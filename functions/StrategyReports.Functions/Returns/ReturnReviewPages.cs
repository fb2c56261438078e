using System.Globalization;
using StrategyReports.Domain;
using StrategyReports.Domain.Failures;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Domain.Strategies;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Layout;
using StrategyReports.Functions.Security;

namespace StrategyReports.Functions.Returns;

/// <summary>A value of the return as the review page shows it, with the box for a comment on it.</summary>
public sealed record ReviewValueRow(string MeasureId, string Name, string Value, FormField Comment);

/// <summary>One version of the return in its history.</summary>
public sealed record ReviewVersionRow(string Version, string SubmittedAt, string SubmittedBy, bool IsLate);

/// <summary>One decision in the return's history; <paramref name="ValueComments"/> name the measure as the strategy does.</summary>
public sealed record ReviewDecisionRow(string Decision, string Tag, string Version, string ReviewedBy, string ReviewedAt, string? Comment, IReadOnlyList<ReviewValueComment> ValueComments);

public sealed record ReviewValueComment(string Measure, string Comment);

/// <summary>
/// The lead's page for one partner's return: its latest values and narrative, every version and decision, and (for
/// those who may decide on it) the form to accept or query it.
/// </summary>
/// <param name="CanReview">Whether the form is shown: a lead of only some of the partner's programmes reads, but cannot decide.</param>
/// <param name="Saved">The decision just recorded (<c>accept</c> or <c>query</c>), for the success banner.</param>
public sealed record ReturnReviewPage(
    string PartnershipName,
    string PartnerName,
    string Period,
    string PeriodLabel,
    string StatusHref,
    string State,
    string StateTag,
    int LatestVersion,
    string SubmittedAt,
    string SubmittedBy,
    bool IsLate,
    IReadOnlyList<ReviewValueRow> Values,
    string? Achievements,
    string? NextSteps,
    string? Risks,
    IReadOnlyList<ReviewVersionRow> Versions,
    IReadOnlyList<ReviewDecisionRow> Decisions,
    bool CanReview,
    string FormAction,
    string AntiforgeryToken,
    IReadOnlyList<FieldError> Errors,
    RadioField Decision,
    FormField Comment,
    string? Saved) : IPageModel
{
    public static string Template => "return-review";
}

/// <summary>
/// <c>/partnerships/{p}/returns/{period}/{partner}</c>: the page a lead reviews a return on. The form posts back to
/// the same address and goes through <see cref="ReturnReviews"/>, the use case behind <c>POST …/reviews</c>, so the
/// page and the API refuse the same things. Who may see it is decided as for the other lead pages; the form is
/// shown only to those who may decide (<see cref="AccessScope.CanReviewReturn"/>).
/// </summary>
public static class ReturnReviewPages
{
    public const string Route = "/partnerships/{partnershipId}/returns/{period}/{partnerId}";

    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["decision"] = "Decision",
        ["basedOnVersion"] = "Decision",
        ["comment"] = "Comment to the partner",
        ["measures"] = "Comments on values",
    };

    public static IEndpointRouteBuilder MapReturnReviewPages(this IEndpointRouteBuilder app)
    {
        app.MapGet(Route, ShowAsync).WithName("ReturnReviewPage").AllowAnonymous();
        app.MapPost(Route, DecideAsync).WithName("ReviewReturnPage").AllowAnonymous().DisableAntiforgery();
        return app;
    }

    public static async Task<IResult> ShowAsync(
        string partnershipId, string period, string partnerId, string? saved, [AsParameters] ReturnsLeadPageContext context, CancellationToken cancellationToken)
    {
        var (refusal, strategy, partner, at) = await ResolveAsync(partnershipId, period, partnerId, context, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        return await RenderAsync(
            context, strategy!, partner!, at, null, [], saved is "accept" or "query" ? saved : null, StatusCodes.Status200OK, cancellationToken);
    }

    public static async Task<IResult> DecideAsync(
        string partnershipId, string period, string partnerId, [AsParameters] ReturnsLeadPageContext context, ReturnReviews use, CancellationToken cancellationToken)
    {
        var (refusal, strategy, partner, at) = await ResolveAsync(partnershipId, period, partnerId, context, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        if (!ReturnReviews.MayReview(context.Http.User, strategy!, partner!))
        {
            return context.Pages.Message(
                "You cannot decide on this return",
                ["Only an admin, or a lead of every programme this partner returns figures for, can accept or query its return."],
                StatusCodes.Status403Forbidden);
        }

        var form = context.Http.Request.HasFormContentType ? await context.Http.Request.ReadFormAsync(cancellationToken) : FormCollection.Empty;
        var values = form.Keys.ToDictionary(key => key, key => form[key].ToString(), StringComparer.Ordinal);
        var commented = strategy!.MeasuresFor(partner!)
            .Select(m => (m.Id, Comment: values.GetValueOrDefault(CommentName(m.Id))))
            .Where(c => !string.IsNullOrWhiteSpace(c.Comment))
            .ToList();
        var request = new ReviewRequest(
            values.GetValueOrDefault("decision"),
            int.TryParse(values.GetValueOrDefault("basedOnVersion"), NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : null,
            values.GetValueOrDefault("comment"),
            [.. commented.Select(c => new ValueCommentRequest(c.Id, c.Comment))]);
        try
        {
            var review = await use.RecordAsync(context.Http.User, partnershipId, at, partnerId, request, cancellationToken);
            return TypedResults.Redirect($"/partnerships/{partnershipId}/returns/{at.Id}/{partnerId}?saved={review.Decision}#decision-heading");
        }
        catch (ValidationFailedException problem) when (problem.Errors is { Count: > 0 } errors)
        {
            // A comment on a value is named by its place in the request; the page names the measure's own box.
            var named = errors.Select(e => new FieldError(
                FieldIdOf(e.Key, commented.Select(c => c.Id).ToList()),
                $"{Labels.GetValueOrDefault(e.Key, "Comment on a value")}: {string.Join(" ", e.Value).TrimEnd('.')}")).ToList();
            return await RenderAsync(context, strategy, partner!, at, values, named, null, StatusCodes.Status422UnprocessableEntity, cancellationToken);
        }
        catch (ConflictException problem)
        {
            // The page shows the version now latest, with what was typed kept, to decide on again.
            values.Remove("basedOnVersion");
            return await RenderAsync(
                context, strategy, partner!, at, values, [new FieldError("decision", $"{problem.Title}. {problem.Message}")], null, StatusCodes.Status409Conflict, cancellationToken);
        }
    }

    private static string CommentName(string measureId) => $"measure.{measureId}";

    private static string CommentId(string measureId) => $"measure-{measureId}";

    private static string FieldIdOf(string field, IReadOnlyList<string> commented)
    {
        if (field.StartsWith("measures[", StringComparison.Ordinal)
            && int.TryParse(field.AsSpan(9, field.IndexOf(']', StringComparison.Ordinal) - 9), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && index < commented.Count)
        {
            return CommentId(commented[index]);
        }

        return field is "comment" ? "comment" : "decision";
    }

    private static async Task<(IResult? Refusal, Strategy? Strategy, Partner? Partner, Period Period)> ResolveAsync(
        string partnershipId, string period, string partnerId, ReturnsLeadPageContext context, CancellationToken cancellationToken)
    {
        if (LeadPageAccess.Refuse(context.Http, context.Pages, partnershipId) is { } refusal)
        {
            return (refusal, null, null, default);
        }

        if (!Period.TryParse(period, out var at) || !RouteValues.IsId(partnerId))
        {
            return (NotFound(context.Pages), null, null, default);
        }

        var strategy = (await context.Strategies.GetCurrentAsync(partnershipId, cancellationToken))?.Strategy;
        var partner = strategy?.FindPartner(partnerId);
        return strategy is null || partner is null || !strategy.Covers(at)
            ? (NotFound(context.Pages), null, null, default)
            : (null, strategy, partner, at);
    }

    private static IResult NotFound(PageRenderer pages) =>
        pages.Message("Page not found", ["Check the address: it names a partner of the partnership and a period such as 2026-27-Q2. The returns page for the period links to each partner's return."], StatusCodes.Status404NotFound);

    private static async Task<IResult> RenderAsync(
        ReturnsLeadPageContext context, Strategy strategy, Partner partner, Period period, Dictionary<string, string>? typed, IReadOnlyList<FieldError> errors, string? saved, int status, CancellationToken cancellationToken)
    {
        var user = context.Http.User;
        var latestRead = context.Returns.GetLatestAsync(strategy.PartnershipId, period, partner.Id, cancellationToken);
        var versionsRead = context.Returns.ListVersionsAsync(strategy.PartnershipId, period, partner.Id, cancellationToken);
        var decisions = await context.Reviews.ListAsync(strategy.PartnershipId, period, partner.Id, cancellationToken);
        var statusHref = $"/partnerships/{strategy.PartnershipId}/returns/{period.Id}";
        if (await latestRead is not { } latest)
        {
            return context.Pages.Message(
                $"{partner.Name} has not sent a return for {period.Id}",
                ["There is nothing to review yet. The returns page for the period shows who has sent theirs."],
                StatusCodes.Status404NotFound,
                new PageLink("Back to the returns for the period", statusHref));
        }

        // A lead of only some programmes sees those programmes' figures, and comments on them, only.
        var readable = user.ProgrammesReadableInReturn(strategy.PartnershipId, partner.Id);
        var measures = strategy.Programmes
            .Where(p => readable is null || readable.Contains(p.Id))
            .SelectMany(p => p.Measures)
            .Where(m => m.IsSubmitted && Strategy.AppliesTo(m, partner))
            .ToList();
        var visible = measures.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        var names = strategy.Measures.ToDictionary(m => m.Id, m => m.Name, StringComparer.Ordinal);
        var errorOf = errors.GroupBy(e => e.FieldId).ToDictionary(g => g.Key, g => g.First().Message, StringComparer.Ordinal);
        string Typed(string name) => typed?.GetValueOrDefault(name) ?? string.Empty;

        var review = ReturnReviewRules.StatusOf(latest.Return.Version, decisions);
        var chosen = Typed("decision");
        var model = new ReturnReviewPage(
            strategy.Name,
            partner.Name,
            period.Id,
            Formatting.Period(period),
            statusHref,
            StateLabel(review.State),
            StateTag(review.State),
            latest.Return.Version,
            Formatting.Moment(latest.Return.SubmittedAt),
            latest.Return.SubmittedBy,
            latest.Return.IsLate,
            [.. measures.Select(m => new ReviewValueRow(
                m.Id,
                m.Name,
                latest.Return.Values.TryGetValue(m.Id, out var value) ? Formatting.Entered(value) : "Not answered",
                new FormField(CommentId(m.Id), CommentName(m.Id), $"Comment on {m.Name}", null, Typed(CommentName(m.Id)), errorOf.GetValueOrDefault(CommentId(m.Id)))))],
            latest.Return.Narrative.Achievements,
            latest.Return.Narrative.NextSteps,
            latest.Return.Narrative.Risks,
            [.. (await versionsRead).OrderByDescending(v => v.Return.Version).Select(v => new ReviewVersionRow(
                v.Return.Version.ToString(CultureInfo.InvariantCulture), Formatting.Moment(v.Return.SubmittedAt), v.Return.SubmittedBy, v.Return.IsLate))],
            [.. decisions.OrderByDescending(d => d.Sequence).Select(d => new ReviewDecisionRow(
                d.Decision == ReviewDecision.Accept ? "Accepted" : "Queried",
                d.Decision == ReviewDecision.Accept ? "nhsuk-tag--green" : "nhsuk-tag--orange",
                d.BasedOnVersion.ToString(CultureInfo.InvariantCulture),
                d.ReviewedBy,
                Formatting.Moment(d.ReviewedAt),
                d.Comment,
                [.. d.ValueComments.Where(c => visible.Contains(c.MeasureId)).Select(c => new ReviewValueComment(names.GetValueOrDefault(c.MeasureId, c.MeasureId), c.Comment))]))],
            ReturnReviews.MayReview(user, strategy, partner),
            $"/partnerships/{strategy.PartnershipId}/returns/{period.Id}/{partner.Id}",
            context.Antiforgery.GetAndStoreTokens(context.Http).RequestToken ?? string.Empty,
            errors,
            new RadioField("decision", "decision", "Your decision", errorOf.GetValueOrDefault("decision"),
            [
                new RadioOption("decision", ReturnReviewRules.AcceptName, "Accept: the figures can be counted", chosen == ReturnReviewRules.AcceptName),
                new RadioOption("decision-query", ReturnReviewRules.QueryName, "Query: ask the partner to check and send a new version", chosen == ReturnReviewRules.QueryName),
            ]),
            new FormField("comment", "comment", "Comment to the partner", "Required for a query: what to check or change. The partner sees it on their return form.", Typed("comment"), errorOf.GetValueOrDefault("comment")),
            saved);
        return context.Pages.Render($"{partner.Name}'s return for {period.Id}", model, status, hasErrors: errors.Count > 0);
    }

    public static string StateLabel(ReviewState state) => state switch
    {
        ReviewState.Accepted => "Accepted",
        ReviewState.Queried => "Queried",
        _ => "Awaiting review",
    };

    public static string StateTag(ReviewState state) => state switch
    {
        ReviewState.Accepted => "nhsuk-tag--green",
        ReviewState.Queried => "nhsuk-tag--orange",
        _ => "nhsuk-tag--blue",
    };
}
