using System.Globalization;
using StrategyReports.Domain;
using StrategyReports.Domain.Failures;
using StrategyReports.Domain.Highlights;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Strategies;
using StrategyReports.Functions.Layout;
using StrategyReports.Functions.Security;

namespace StrategyReports.Functions.Highlights;

/// <summary>
/// The programme lead's page for a period, <c>/partnerships/{p}/programmes/{programme}/{period}</c>: the
/// highlight form (save a draft or submit) and the risk and milestone logs, through the same use cases as
/// the API. A signed-in session's posts carry the antiforgery token (<see cref="SessionForgeryCheck"/>).
/// </summary>
public static class ProgrammeLogPages
{
    private const string Route = "/partnerships/{partnershipId}/programmes/{programmeId}/{period}";

    public static IEndpointRouteBuilder MapProgrammeLogPages(this IEndpointRouteBuilder app)
    {
        app.MapGet(Route, PageAsync).WithName("ProgrammeLogPage").AllowAnonymous();
        app.MapPost(Route, PostAsync).WithName("SaveProgrammeLogPage").AllowAnonymous().DisableAntiforgery();
        return app;
    }

    public static async Task<IResult> PageAsync([AsParameters] ProgrammeLogRequest request, string? saved, CancellationToken cancellationToken)
    {
        var (refusal, strategy, programme, at) = await request.ResolveAsync(cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var log = await request.Logs.GetAsync(request.PartnershipId, programme!.Id, cancellationToken);
        var shown = HighlightSignOff.From([.. log.Highlights.Where(h => h.Period == at)]).Highlight?.Text;
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["commentary"] = shown?.Commentary ?? string.Empty,
            ["achievements"] = shown?.Achievements ?? string.Empty,
            ["nextPeriodPlans"] = shown?.NextPeriodPlans ?? string.Empty,
            ["decisionsAsked"] = shown?.DecisionsAsked ?? string.Empty,
        };
        var message = saved switch
        {
            "draft" => "Your highlight is saved as a draft. It is not yet submitted to the board.",
            "submitted" => "Your highlight is submitted. It leads the programme's reports when they are next generated.",
            "risk" => "The risk is added to the log.",
            "milestone" => "The milestone is added.",
            "risk-updated" => "The risk is updated: the log below shows its new version.",
            "milestone-updated" => "The milestone's progress is recorded: the list below shows it.",
            _ => null,
        };
        return Render(request, strategy!, programme, at, log, values, [], message, StatusCodes.Status200OK);
    }

    public static async Task<IResult> PostAsync([AsParameters] ProgrammeLogRequest request, CancellationToken cancellationToken)
    {
        var (refusal, strategy, programme, at) = await request.ResolveAsync(cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var form = await request.Http.Request.ReadFormAsync(cancellationToken);
        string Field(string name) => form[name].ToString();
        var savedBy = ProgrammeLogRequests.SavedBy(request.Http.User);
        string saved;
        try
        {
            switch (Field("form"))
            {
                case "highlight":
                    var status = Field("status") == "submitted" ? HighlightStatus.Submitted : HighlightStatus.Draft;
                    await request.Logs.SaveHighlightAsync(strategy!, programme!, at, new HighlightText(Field("commentary"), Field("achievements"), Field("nextPeriodPlans"), Field("decisionsAsked")), status, savedBy, cancellationToken);
                    saved = HighlightRules.Name(status);
                    break;
                case "risk":
                    var details = new RiskDetails(Field("description"), Field("owner"), Rating(Field("likelihood")), Rating(Field("consequence")), Field("mitigations"), RiskStatus.Open, Field("escalate") == "true");
                    await request.Logs.AddRiskAsync(strategy!, programme!, details, at, savedBy, cancellationToken);
                    saved = "risk";
                    break;
                case "milestone":
                    var due = Period.TryParse(Field("due"), out var quarter) ? quarter : at;
                    await request.Logs.AddMilestoneAsync(strategy!, programme!, new MilestoneDetails(Field("name"), due, Field("milestoneOwner"), MilestoneStatus.NotStarted), at, savedBy, cancellationToken);
                    saved = "milestone";
                    break;
                default:
                    return request.Pages.Message("Something went wrong", ["The form sent was not one this page has. Go back and try again."], StatusCodes.Status400BadRequest);
            }
        }
        catch (ValidationFailedException problem) when (problem.Errors is { Count: > 0 } errors)
        {
            var values = form.Keys.ToDictionary(key => key, key => form[key].ToString(), StringComparer.Ordinal);
            var log = await request.Logs.GetAsync(request.PartnershipId, programme!.Id, cancellationToken);
            var prefix = Field("form") switch { "risk" => "risk-", "milestone" => "milestone-", _ => string.Empty };
            var fieldErrors = Field("form") switch
            {
                "risk" => FieldError.Named(errors, RiskAndMilestonePages.RiskLabels),
                "milestone" => FieldError.Named(errors, RiskAndMilestonePages.MilestoneLabels),
                _ => [.. errors.Select(e => new FieldError(e.Key, string.Join(" ", e.Value).TrimEnd('.')))],
            };
            return Render(request, strategy!, programme, at, log, values, fieldErrors, null, StatusCodes.Status422UnprocessableEntity, prefix);
        }

        return TypedResults.Redirect($"/partnerships/{request.PartnershipId}/programmes/{programme!.Id}/{at.Id}?saved={saved}#{(saved is "risk" ? "risks-heading" : saved is "milestone" ? "milestones-heading" : "highlight-heading")}");
    }

    // A rating outside the list (a hand-made post) is checked by the risk rules and named there.
    private static int Rating(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var rating) ? rating : 0;

    private static IResult Render(
        ProgrammeLogRequest request, Strategy strategy, Programme programme, Period period, ProgrammeLog log,
        Dictionary<string, string> values, IReadOnlyList<FieldError> errors, string? saved, int status, string prefix = "")
    {
        var assurance = ProgrammeAssurance.Build(strategy, programme, period, log.Highlights, log.Risks, log.Milestones);
        var signOff = assurance.SignOff;
        var signOffText = signOff.Highlight is not { } h
            ? "You have not written a highlight for this period yet."
            : $"{(signOff.State == SignOffState.Submitted ? "Submitted" : "Draft saved")} by {h.SavedBy}, version {h.Version}{(signOff.HasLaterDraft ? "; a later draft is saved too" : string.Empty)}.";
        var likelihood = values.GetValueOrDefault("likelihood", "3");
        var consequence = values.GetValueOrDefault("consequence", "3");
        var due = values.GetValueOrDefault("due", period.Id);
        // Keyed by the field's id on the page, which carries its form's prefix, so a problem shows on the form that was sent.
        var fieldErrors = errors.ToDictionary(e => prefix + e.FieldId, e => e.Message, StringComparer.Ordinal);
        var summary = errors.Select(e => new FieldError(prefix + e.FieldId, e.Message)).ToList();
        FormField Text(string id, string name, string label, string? hint = null) =>
            new(id, name, label, hint, values.GetValueOrDefault(name, string.Empty), fieldErrors.GetValueOrDefault(id));
        var path = $"/partnerships/{strategy.PartnershipId}/programmes/{programme.Id}/{period.Id}";
        LogRiskRow Row(RiskEntry risk, string change, bool escalated) => new(
            risk.Details.Description,
            risk.Details.Owner,
            string.Create(CultureInfo.InvariantCulture, $"{risk.Score} {RiskScale.Name(risk.Band)}"),
            "band-" + RiskScale.Name(risk.Band).ToLowerInvariant(),
            change,
            escalated ? "Escalated" : string.Empty,
            RiskRules.Name(risk.Details.Status),
            $"{path}/risks/{risk.RiskId}");
        var model = new ProgrammeLogPage(
            programme.Name,
            Formatting.Period(period),
            path,
            request.Token,
            signOffText,
            saved,
            [
                Text("commentary", "commentary", "Overall commentary", "Needed to submit: how the programme is doing this period."),
                Text("achievements", "achievements", "Achievements this period"),
                Text("nextPeriodPlans", "nextPeriodPlans", "Plans for next period"),
                Text("decisionsAsked", "decisionsAsked", "Decisions or support asked of the board", "Leave blank if you are not asking for anything."),
            ],
            [Text("risk-description", "description", "Description"), Text("risk-owner", "owner", "Owner"), Text("risk-mitigations", "mitigations", "Mitigations")],
            Text("milestone-name", "name", "What will be delivered"),
            Text("milestone-owner", "milestoneOwner", "Owner"),
            summary,
            [.. assurance.Risks.Where(r => r.Risk.IsOpen).Select(r => Row(r.Risk, RiskRules.Describe(r.Change), r.IsEscalated))],
            [.. assurance.Risks.Where(r => !r.Risk.IsOpen).Select(r => Row(r.Risk, RiskRules.Describe(r.Change), escalated: false))
                .Concat(ProgrammeAssurance.RisksClosedBefore(log.Risks, period).Select(r => Row(r, "Closed in an earlier quarter", escalated: false)))],
            [.. assurance.Milestones.Select(m => new LogMilestoneRow(
                m.Name,
                Formatting.Period(m.Due),
                m.Owner ?? "Not named",
                MilestoneRules.Label(m.Status),
                m.RagLabel,
                RagTag(m.Rag),
                m.DeclaredInStrategy ? "From the strategy" : "Added by the lead",
                $"{path}/milestones/{m.MilestoneId}"))],
            Slippage(assurance.SlippingMilestones.Count),
            Options(RiskScale.LikelihoodNames, likelihood),
            Options(RiskScale.ConsequenceNames, consequence),
            [.. strategy.Periods.Select(p => new PageOption(p.Id, Formatting.Period(p), p.Id == due))],
            strategy.EscalationScore.ToString(CultureInfo.InvariantCulture),
            $"/partnerships/{strategy.PartnershipId}/reports/{period.Id}");
        return request.Pages.Render($"{programme.Name}: highlight and logs", model, status, hasErrors: errors.Count > 0);
    }

    internal static string RagTag(Domain.Rollups.Rag rag) =>
        rag switch { Domain.Rollups.Rag.Red => "nhsuk-tag--red", Domain.Rollups.Rag.Amber => "nhsuk-tag--yellow", _ => "nhsuk-tag--green" };

    private static string Slippage(int slipping) => slipping switch
    {
        0 => "No milestone is late or at risk.",
        1 => "1 milestone is late or at risk.",
        _ => string.Create(CultureInfo.InvariantCulture, $"{slipping} milestones are late or at risk."),
    };

    internal static List<PageOption> Options(IReadOnlyList<string> names, string selected) =>
        [.. names.Select((name, i) => (Value: (i + 1).ToString(CultureInfo.InvariantCulture), name)).Select(o => new PageOption(o.Value, $"{o.Value}: {o.name}", o.Value == selected))];
}
