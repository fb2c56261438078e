using System.Globalization;
using StrategyReports.Domain;
using StrategyReports.Domain.Failures;
using StrategyReports.Domain.Highlights;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Strategies;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Layout;

namespace StrategyReports.Functions.Highlights;

/// <summary>
/// A page for each risk and milestone of a programme's log, under the lead's page for the period: the
/// lead records a new version (rescored, mitigated, flagged, closed or reopened; a milestone's progress)
/// through the same checks and use cases as <c>PUT …/risks/{riskId}</c> and <c>PUT …/milestones/{milestoneId}</c>,
/// and the change counts for the page's period. Who may do it is decided as for the lead's page.
/// </summary>
public static class RiskAndMilestonePages
{
    private const string LogRoute = "/partnerships/{partnershipId}/programmes/{programmeId}/{period}";

    public static IEndpointRouteBuilder MapRiskAndMilestonePages(this IEndpointRouteBuilder app)
    {
        app.MapGet(LogRoute + "/risks/{riskId}", RiskPageAsync).WithName("ProgrammeRiskPage").AllowAnonymous();
        app.MapPost(LogRoute + "/risks/{riskId}", SaveRiskAsync).WithName("UpdateProgrammeRiskPage").AllowAnonymous().DisableAntiforgery();
        app.MapGet(LogRoute + "/milestones/{milestoneId}", MilestonePageAsync).WithName("ProgrammeMilestonePage").AllowAnonymous();
        app.MapPost(LogRoute + "/milestones/{milestoneId}", SaveMilestoneAsync).WithName("UpdateProgrammeMilestonePage").AllowAnonymous().DisableAntiforgery();
        return app;
    }

    public static Task<IResult> RiskPageAsync([AsParameters] ProgrammeLogRequest request, string riskId, CancellationToken cancellationToken) =>
        ShowAsync(request, riskId, RenderRisk, cancellationToken);

    public static Task<IResult> SaveRiskAsync([AsParameters] ProgrammeLogRequest request, string riskId, CancellationToken cancellationToken) =>
        SaveAsync(
            request,
            riskId,
            "risk",
            RenderRisk,
            RiskLabels,
            async (form, strategy, programme, at) =>
            {
                var (details, when) = ProgrammeLogRequests.ReadRisk(new RiskRequest(
                    form("description"), form("owner"), Rating(form("likelihood")), Rating(form("consequence")), form("mitigations"), form("status"), form("escalate") == "true", at.Id));
                await request.Logs.UpdateRiskAsync(strategy, programme, riskId, details, when, ProgrammeLogRequests.SavedBy(request.Http.User), cancellationToken);
            },
            "risk-updated#risks-heading",
            cancellationToken);

    public static Task<IResult> MilestonePageAsync([AsParameters] ProgrammeLogRequest request, string milestoneId, CancellationToken cancellationToken) =>
        ShowAsync(request, milestoneId, RenderMilestone, cancellationToken);

    public static Task<IResult> SaveMilestoneAsync([AsParameters] ProgrammeLogRequest request, string milestoneId, CancellationToken cancellationToken) =>
        SaveAsync(
            request,
            milestoneId,
            "milestone",
            RenderMilestone,
            MilestoneLabels,
            async (form, strategy, programme, at) =>
            {
                var (details, when) = ProgrammeLogRequests.ReadMilestoneUpdate(programme, milestoneId, new MilestoneRequest(form("name"), form("due"), form("owner"), form("status"), at.Id));
                await request.Logs.UpdateMilestoneAsync(strategy, programme, milestoneId, details, when, ProgrammeLogRequests.SavedBy(request.Http.User), cancellationToken);
            },
            "milestone-updated#milestones-heading",
            cancellationToken);

    /// <summary>Renders a risk's or a milestone's page: the item, the form with <paramref name="values"/> and <paramref name="errors"/>, and its versions.</summary>
    private delegate IResult ItemPage(
        ProgrammeLogRequest request, Strategy strategy, Programme programme, Period period, ProgrammeLog log, string itemId,
        Dictionary<string, string>? values, IReadOnlyList<FieldError> errors, int status);

    private static async Task<IResult> ShowAsync(ProgrammeLogRequest request, string itemId, ItemPage render, CancellationToken cancellationToken)
    {
        var (refusal, strategy, programme, at) = await request.ResolveAsync(cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var log = await request.Logs.GetAsync(request.PartnershipId, programme!.Id, cancellationToken);
        return render(request, strategy!, programme, at, log, itemId, values: null, [], StatusCodes.Status200OK);
    }

    /// <summary>
    /// Saves a new version through <paramref name="save"/> (the API's own checks and use case) and goes back to
    /// the log; on bad input shows the page again with what was typed and each problem named, storing nothing.
    /// </summary>
    private static async Task<IResult> SaveAsync(
        ProgrammeLogRequest request, string itemId, string what, ItemPage render, Dictionary<string, string> labels,
        Func<Func<string, string>, Strategy, Programme, Period, Task> save, string saved, CancellationToken cancellationToken)
    {
        var (refusal, strategy, programme, at) = await request.ResolveAsync(cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        if (!RouteValues.IsId(itemId))
        {
            return NotFound(request.Pages, what);
        }

        var form = await request.Http.Request.ReadFormAsync(cancellationToken);
        try
        {
            await save(name => form[name].ToString(), strategy!, programme!, at);
        }
        catch (ValidationFailedException problem) when (problem.Errors is { Count: > 0 } errors)
        {
            var log = await request.Logs.GetAsync(request.PartnershipId, programme!.Id, cancellationToken);
            var values = form.Keys.ToDictionary(key => key, key => form[key].ToString(), StringComparer.Ordinal);
            return render(request, strategy!, programme, at, log, itemId, values, FieldError.Named(errors, labels), StatusCodes.Status422UnprocessableEntity);
        }

        return TypedResults.Redirect($"{LogPath(strategy!, programme!, at)}?saved={saved}");
    }

    internal static readonly Dictionary<string, string> RiskLabels = new(StringComparer.Ordinal)
    {
        ["description"] = "Description",
        ["owner"] = "Owner",
        ["mitigations"] = "Mitigations",
        ["likelihood"] = "Likelihood",
        ["consequence"] = "Consequence",
        ["status"] = "Status",
    };

    internal static readonly Dictionary<string, string> MilestoneLabels = new(StringComparer.Ordinal)
    {
        ["name"] = "What will be delivered",
        ["due"] = "Due by",
        ["owner"] = "Owner",
        ["status"] = "Progress",
    };

    // A rating that is not a number (a hand-made post) is named by the API's own check as required.
    private static int? Rating(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var rating) ? rating : null;

    private static string LogPath(Strategy strategy, Programme programme, Period period) =>
        $"/partnerships/{strategy.PartnershipId}/programmes/{programme.Id}/{period.Id}";

    private static IResult NotFound(PageRenderer pages, string what) =>
        pages.Message("Page not found", [$"This programme's log has no such {what} in this quarter. Go back to the log and choose one from its list."], StatusCodes.Status404NotFound);

    private static IResult RenderRisk(
        ProgrammeLogRequest request, Strategy strategy, Programme programme, Period period, ProgrammeLog log, string riskId,
        Dictionary<string, string>? values, IReadOnlyList<FieldError> errors, int status)
    {
        var assurance = ProgrammeAssurance.Build(strategy, programme, period, [], log.Risks, []);
        var inLog = assurance.Risks.FirstOrDefault(r => r.Risk.RiskId == riskId);
        var current = inLog?.Risk ?? ProgrammeAssurance.RisksClosedBefore(log.Risks, period).FirstOrDefault(r => r.RiskId == riskId);
        if (current is null)
        {
            return NotFound(request.Pages, "risk");
        }

        var details = current.Details;
        string Value(string name, string saved) => values is null ? saved : values.GetValueOrDefault(name, string.Empty);
        var errorOf = errors.ToDictionary(e => e.FieldId, e => e.Message, StringComparer.Ordinal);
        FormField Text(string name, string label, string saved, string? hint = null) => new(name, name, label, hint, Value(name, saved), errorOf.GetValueOrDefault(name));
        SelectField Scale(string name, string label, IReadOnlyList<string> names, int saved, string hint) =>
            new(name, name, label, hint, errorOf.GetValueOrDefault(name), ProgrammeLogPages.Options(names, Value(name, saved.ToString(CultureInfo.InvariantCulture))));
        var open = Value("status", RiskRules.Name(details.Status)) != "closed";
        var previous = log.Risks.Where(v => v.RiskId == riskId && v.Period < period).MaxBy(v => v.Version);
        var path = LogPath(strategy, programme, period);
        var model = new RiskPage(
            programme.Name,
            Formatting.Period(period),
            details.Description,
            $"{path}/risks/{riskId}",
            request.Token,
            path + "#risks-heading",
            errors,
            ScoreText(current),
            current.IsOpen ? "Open" : "Closed",
            inLog is null ? "Closed in an earlier quarter" : RiskRules.Describe(inLog.Change),
            previous is null ? "Not in the log" : $"{ScoreText(previous)}{(previous.IsOpen ? string.Empty : ", closed")}",
            inLog?.IsEscalated == true
                ? (details.FlaggedForEscalation && current.Score < strategy.EscalationScore ? "Escalated: you flagged it" : "Escalated: its score is at or above the threshold")
                : "Not escalated",
            strategy.EscalationScore.ToString(CultureInfo.InvariantCulture),
            Text("description", "Description", details.Description),
            Text("owner", "Owner", details.Owner),
            Text("mitigations", "Mitigations", details.Mitigations ?? string.Empty, "What is being done to reduce it, and by when."),
            Scale("likelihood", "Likelihood", RiskScale.LikelihoodNames, details.Likelihood, "How likely it is to happen, from 1 (rare) to 5 (almost certain)."),
            Scale("consequence", "Consequence", RiskScale.ConsequenceNames, details.Consequence, "How bad it would be, from 1 (negligible) to 5 (catastrophic)."),
            Radios("status", "Status", errorOf.GetValueOrDefault("status"), [("open", "Open", open), ("closed", "Closed: it has been dealt with or no longer applies", !open)]),
            values is null ? details.FlaggedForEscalation : values.GetValueOrDefault("escalate") == "true",
            [.. log.Risks.Where(v => v.RiskId == riskId).OrderByDescending(v => v.Version).Select(v => new RiskVersionRow(
                v.Version.ToString(CultureInfo.InvariantCulture),
                Formatting.Period(v.Period),
                ScoreText(v),
                RiskRules.Name(v.Details.Status) + (v.Details.FlaggedForEscalation ? ", flagged for escalation" : string.Empty),
                v.Details.Owner,
                v.SavedBy,
                Formatting.Moment(v.SavedAt)))]);
        return request.Pages.Render($"{details.Description}: {programme.Name}'s risk", model, status, hasErrors: errors.Count > 0);
    }

    private static IResult RenderMilestone(
        ProgrammeLogRequest request, Strategy strategy, Programme programme, Period period, ProgrammeLog log, string milestoneId,
        Dictionary<string, string>? values, IReadOnlyList<FieldError> errors, int status)
    {
        var milestone = ProgrammeAssurance.Build(strategy, programme, period, [], [], log.Milestones).Milestones.FirstOrDefault(m => m.MilestoneId == milestoneId);
        if (milestone is null)
        {
            return NotFound(request.Pages, "milestone");
        }

        string Value(string name, string saved) => values is null ? saved : values.GetValueOrDefault(name, string.Empty);
        var errorOf = errors.ToDictionary(e => e.FieldId, e => e.Message, StringComparer.Ordinal);
        var chosen = Value("status", MilestoneRules.Name(milestone.Status));
        var due = Value("due", milestone.Due.Id);
        var path = LogPath(strategy, programme, period);
        var model = new MilestonePage(
            programme.Name,
            Formatting.Period(period),
            milestone.Name,
            $"{path}/milestones/{milestoneId}",
            request.Token,
            path + "#milestones-heading",
            errors,
            milestone.DeclaredInStrategy,
            Formatting.Period(milestone.Due),
            milestone.RagLabel,
            ProgrammeLogPages.RagTag(milestone.Rag),
            milestone.DeclaredInStrategy ? null : new FormField("name", "name", "What will be delivered", null, Value("name", milestone.Name), errorOf.GetValueOrDefault("name")),
            milestone.DeclaredInStrategy
                ? null
                : new SelectField("due", "due", "Due by", "Moving it later is recorded as a new version; earlier versions keep the quarter they had.", errorOf.GetValueOrDefault("due"),
                    [.. strategy.Periods.Select(p => new PageOption(p.Id, Formatting.Period(p), p.Id == due))]),
            new FormField("owner", "owner", "Owner", milestone.DeclaredInStrategy ? "Leave blank to keep the owner the strategy names." : null, Value("owner", milestone.Owner ?? string.Empty), errorOf.GetValueOrDefault("owner")),
            Radios("status", "Progress", errorOf.GetValueOrDefault("status"), [.. MilestoneRules.Statuses.Select(s => (s.Name, s.Label, s.Name == chosen))]),
            [.. log.Milestones.Where(v => v.MilestoneId == milestoneId).OrderByDescending(v => v.Version).Select(v => new MilestoneVersionRow(
                v.Version.ToString(CultureInfo.InvariantCulture),
                Formatting.Period(v.Period),
                MilestoneRules.Label(v.Details.Status),
                Formatting.Period(v.Details.Due),
                v.Details.Owner ?? "Not named",
                v.SavedBy,
                Formatting.Moment(v.SavedAt)))]);
        return request.Pages.Render($"{milestone.Name}: {programme.Name}'s milestone", model, status, hasErrors: errors.Count > 0);
    }

    private static string ScoreText(RiskEntry risk) =>
        string.Create(CultureInfo.InvariantCulture, $"{risk.Score} {RiskScale.Name(risk.Band)} (likelihood {risk.Details.Likelihood} × consequence {risk.Details.Consequence})");

    /// <summary>Radios whose first input carries the field's id, which the error summary links to.</summary>
    private static RadioField Radios(string id, string legend, string? error, IReadOnlyList<(string Value, string Text, bool Checked)> options) =>
        new(id, id, legend, error, [.. options.Select((o, i) => new RadioOption(i == 0 ? id : $"{id}-{o.Value}", o.Value, o.Text, o.Checked))]);
}
