using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using StrategyReports.Domain.Failures;
using StrategyReports.Domain.Highlights;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Strategies;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Security;
using StrategyReports.Functions.Strategies;

namespace StrategyReports.Functions.Highlights;

/// <summary>
/// What programme leads write: the highlight for a period (saved as drafts, then submitted, every save a
/// version) and the programme's risk and milestone logs. Admins and leads of the programme only.
/// </summary>
public static class HighlightsApi
{
    public static IEndpointRouteBuilder MapHighlightsApi(this IEndpointRouteBuilder app)
    {
        var highlight = app.MapGroup("/api/partnerships/{partnershipId}/highlights/{period}/{programmeId}").RequireAuthorization(Policies.LeadOrAdmin);
        highlight.MapGet("", GetHighlightAsync).WithName("GetLeadHighlight")
            .WithSummary("The programme lead's highlight for the period: the version reports show, its sign-off, and every version.");
        highlight.MapPut("", SaveHighlightAsync).WithName("SaveLeadHighlight")
            .WithSummary("Save the lead's highlight as a new version: status 'draft' (may be partial) or 'submitted' (needs the commentary).");

        var programme = app.MapGroup("/api/partnerships/{partnershipId}/programmes/{programmeId}").RequireAuthorization(Policies.LeadOrAdmin);
        programme.MapGet("/risks", ListRisksAsync).WithName("ListRisks")
            .WithSummary("The programme's risks and issues as the log stood at the end of a period (?period=, default the one being reported on), with score, band, change and escalation.");
        programme.MapPost("/risks", AddRiskAsync).WithName("AddRisk").WithSummary("Add a risk or issue to the programme's log.");
        programme.MapGet("/risks/{riskId}", GetRiskAsync).WithName("GetRisk").WithSummary("A risk's latest version and every version before it.");
        programme.MapPut("/risks/{riskId}", UpdateRiskAsync).WithName("UpdateRisk").WithSummary("Record a new version of a risk: rescored, mitigated, flagged for escalation or closed.");
        programme.MapGet("/milestones", ListMilestonesAsync).WithName("ListMilestones")
            .WithSummary("The programme's milestones, declared in the strategy or added by its lead, RAG-rated from their due quarter at a period (?period=).");
        programme.MapPost("/milestones", AddMilestoneAsync).WithName("AddMilestone").WithSummary("Add a milestone of the lead's own to the programme's action plan.");
        programme.MapPut("/milestones/{milestoneId}", UpdateMilestoneAsync).WithName("UpdateMilestone")
            .WithSummary("Record progress on a milestone; a declared one keeps the strategy's name and due quarter.");
        return app;
    }

    public sealed record HighlightRequest(string? Commentary, string? Achievements, string? NextPeriodPlans, string? DecisionsAsked, string? Status);

    public sealed record HighlightView(int Version, string Status, string? Commentary, string? Achievements, string? NextPeriodPlans, string? DecisionsAsked, string SavedBy, DateTimeOffset SavedAt);

    /// <param name="SignOff"><c>not-started</c>, <c>draft</c> (saved, never submitted) or <c>submitted</c>.</param>
    /// <param name="Shown">The version reports show: the latest submitted, else the latest draft.</param>
    public sealed record HighlightWithHistory(string PartnershipId, Period Period, string ProgrammeId, string SignOff, HighlightView? Shown, IReadOnlyList<HighlightView> History);

    public sealed record RiskView(
        string Id, int Version, Period Period, string Description, string Owner, int Likelihood, int Consequence, int Score, string Band,
        string? Mitigations, string Status, bool FlaggedForEscalation, string SavedBy, DateTimeOffset SavedAt);

    public sealed record RiskAtPeriodView(RiskView Risk, string Change, bool Escalated);

    public sealed record RiskLog(string PartnershipId, string ProgrammeId, Period Period, int EscalationScore, IReadOnlyList<RiskAtPeriodView> Risks);

    public sealed record RiskWithHistory(string PartnershipId, string ProgrammeId, RiskView Latest, IReadOnlyList<RiskView> History);

    public sealed record MilestoneView(string Id, string Name, Period Due, string? Owner, string Status, bool DeclaredInStrategy, int Version, string Rag, string RagLabel);

    public sealed record MilestoneLog(string PartnershipId, string ProgrammeId, Period Period, IReadOnlyList<MilestoneView> Milestones);

    public sealed record MilestoneSaved(string Id, int Version, Period Period, string Name, Period Due, string? Owner, string Status);

    public static async Task<Ok<HighlightWithHistory>> GetHighlightAsync(
        string partnershipId, string period, string programmeId, [AsParameters] HighlightsApiServices services, CancellationToken cancellationToken)
    {
        var (strategy, programme) = await RequireProgrammeAsync(partnershipId, programmeId, services, cancellationToken);
        var at = RequirePeriodOf(strategy, period);
        var versions = (await services.Logs.GetAsync(partnershipId, programme.Id, cancellationToken)).Highlights.Where(h => h.Period == at).OrderBy(h => h.Version).ToList();
        var signOff = HighlightSignOff.From(versions);
        return TypedResults.Ok(new HighlightWithHistory(partnershipId, at, programme.Id, SignOffName(signOff.State), signOff.Highlight is { } shown ? View(shown) : null, [.. versions.Select(View)]));
    }

    public static async Task<Created<HighlightView>> SaveHighlightAsync(
        string partnershipId, string period, string programmeId, HighlightRequest? body, [AsParameters] HighlightsApiServices services, CancellationToken cancellationToken)
    {
        var (strategy, programme) = await RequireProgrammeAsync(partnershipId, programmeId, services, cancellationToken);
        var at = RequirePeriodOf(strategy, period);
        if (!HighlightRules.TryParse(body?.Status ?? "draft", out var status))
        {
            throw new ValidationFailedException("status", $"'{body?.Status}' is not a status: use 'draft' or 'submitted'.");
        }

        var text = new HighlightText(body?.Commentary, body?.Achievements, body?.NextPeriodPlans, body?.DecisionsAsked);
        var saved = await services.Logs.SaveHighlightAsync(strategy, programme, at, text, status, ProgrammeLogRequests.SavedBy(services.User), cancellationToken);
        return TypedResults.Created($"/api/partnerships/{partnershipId}/highlights/{at.Id}/{programme.Id}", View(saved));
    }

    public static async Task<Ok<RiskLog>> ListRisksAsync(
        string partnershipId, string programmeId, string? period, [AsParameters] HighlightsApiServices services, CancellationToken cancellationToken)
    {
        var (strategy, programme) = await RequireProgrammeAsync(partnershipId, programmeId, services, cancellationToken);
        var at = period is null ? services.Logs.ReportingPeriod(strategy) : RequirePeriodOf(strategy, period);
        var log = await services.Logs.GetAsync(partnershipId, programme.Id, cancellationToken);
        var assurance = ProgrammeAssurance.Build(strategy, programme, at, [], log.Risks, []);
        return TypedResults.Ok(new RiskLog(partnershipId, programme.Id, at, strategy.EscalationScore, [.. assurance.Risks.Select(r => new RiskAtPeriodView(View(r.Risk), ChangeName(r.Change), r.IsEscalated))]));
    }

    public static async Task<Created<RiskView>> AddRiskAsync(
        string partnershipId, string programmeId, RiskRequest? body, [AsParameters] HighlightsApiServices services, CancellationToken cancellationToken)
    {
        var (strategy, programme) = await RequireProgrammeAsync(partnershipId, programmeId, services, cancellationToken);
        var (details, period) = ProgrammeLogRequests.ReadRisk(body);
        var saved = await services.Logs.AddRiskAsync(strategy, programme, details, period, ProgrammeLogRequests.SavedBy(services.User), cancellationToken);
        return TypedResults.Created($"/api/partnerships/{partnershipId}/programmes/{programme.Id}/risks/{saved.RiskId}", View(saved));
    }

    public static async Task<Ok<RiskWithHistory>> GetRiskAsync(
        string partnershipId, string programmeId, string riskId, [AsParameters] HighlightsApiServices services, CancellationToken cancellationToken)
    {
        var (_, programme) = await RequireProgrammeAsync(partnershipId, programmeId, services, cancellationToken);
        RouteValues.RequireId(riskId, "risk");
        var versions = (await services.Logs.GetAsync(partnershipId, programme.Id, cancellationToken)).Risks.Where(r => r.RiskId == riskId).OrderBy(r => r.Version).ToList();
        return versions.Count == 0
            ? throw new NotFoundException("risk", riskId)
            : TypedResults.Ok(new RiskWithHistory(partnershipId, programme.Id, View(versions[^1]), [.. versions.Select(View)]));
    }

    public static async Task<Ok<RiskView>> UpdateRiskAsync(
        string partnershipId, string programmeId, string riskId, RiskRequest? body, [AsParameters] HighlightsApiServices services, CancellationToken cancellationToken)
    {
        var (strategy, programme) = await RequireProgrammeAsync(partnershipId, programmeId, services, cancellationToken);
        RouteValues.RequireId(riskId, "risk");
        var (details, period) = ProgrammeLogRequests.ReadRisk(body);
        return TypedResults.Ok(View(await services.Logs.UpdateRiskAsync(strategy, programme, riskId, details, period, ProgrammeLogRequests.SavedBy(services.User), cancellationToken)));
    }

    public static async Task<Ok<MilestoneLog>> ListMilestonesAsync(
        string partnershipId, string programmeId, string? period, [AsParameters] HighlightsApiServices services, CancellationToken cancellationToken)
    {
        var (strategy, programme) = await RequireProgrammeAsync(partnershipId, programmeId, services, cancellationToken);
        var at = period is null ? services.Logs.ReportingPeriod(strategy) : RequirePeriodOf(strategy, period);
        var log = await services.Logs.GetAsync(partnershipId, programme.Id, cancellationToken);
        var milestones = ProgrammeAssurance.Build(strategy, programme, at, [], [], log.Milestones).Milestones;
        return TypedResults.Ok(new MilestoneLog(partnershipId, programme.Id, at, [.. milestones.Select(m => new MilestoneView(
            m.MilestoneId, m.Name, m.Due, m.Owner, MilestoneRules.Name(m.Status), m.DeclaredInStrategy, m.Version, m.Rag.ToString().ToLowerInvariant(), m.RagLabel))]));
    }

    public static async Task<Created<MilestoneSaved>> AddMilestoneAsync(
        string partnershipId, string programmeId, MilestoneRequest? body, [AsParameters] HighlightsApiServices services, CancellationToken cancellationToken)
    {
        var (strategy, programme) = await RequireProgrammeAsync(partnershipId, programmeId, services, cancellationToken);
        var (details, period) = ProgrammeLogRequests.ReadMilestone(body, dueRequired: true);
        var saved = await services.Logs.AddMilestoneAsync(strategy, programme, details, period, ProgrammeLogRequests.SavedBy(services.User), cancellationToken);
        return TypedResults.Created($"/api/partnerships/{partnershipId}/programmes/{programme.Id}/milestones/{saved.MilestoneId}", View(saved));
    }

    public static async Task<Ok<MilestoneSaved>> UpdateMilestoneAsync(
        string partnershipId, string programmeId, string milestoneId, MilestoneRequest? body, [AsParameters] HighlightsApiServices services, CancellationToken cancellationToken)
    {
        var (strategy, programme) = await RequireProgrammeAsync(partnershipId, programmeId, services, cancellationToken);
        RouteValues.RequireId(milestoneId, "milestone");
        var (details, period) = ProgrammeLogRequests.ReadMilestoneUpdate(programme, milestoneId, body);
        return TypedResults.Ok(View(await services.Logs.UpdateMilestoneAsync(strategy, programme, milestoneId, details, period, ProgrammeLogRequests.SavedBy(services.User), cancellationToken)));
    }

    private static Task<(Strategy Strategy, Programme Programme)> RequireProgrammeAsync(
        string partnershipId, string programmeId, HighlightsApiServices services, CancellationToken cancellationToken) =>
        RequireProgrammeAsync(partnershipId, programmeId, services.User, services.Strategies, cancellationToken);

    /// <summary>
    /// The strategy and programme, once the caller is known to lead it: an admin, a lead of the whole
    /// partnership, or a lead of this programme. A lead of another programme is refused even to read.
    /// </summary>
    public static async Task<(Strategy Strategy, Programme Programme)> RequireProgrammeAsync(
        string partnershipId, string programmeId, ClaimsPrincipal user, StrategyStore strategies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(strategies);
        RouteValues.RequireId(partnershipId, "partnership");
        RouteValues.RequireId(programmeId, "programme");
        if (!user.CanLeadProgramme(partnershipId, programmeId))
        {
            throw new AccessDeniedException($"You do not lead the programme '{programmeId}' of '{partnershipId}'.");
        }

        var strategy = (await strategies.GetCurrentAsync(partnershipId, cancellationToken))?.Strategy ?? throw new NotFoundException("partnership", partnershipId);
        return (strategy, strategy.FindProgramme(programmeId) ?? throw new NotFoundException("programme", programmeId));
    }

    public static Period RequirePeriodOf(Strategy strategy, string period)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        var at = RouteValues.RequirePeriod(period);
        return strategy.Covers(at) ? at : throw new NotFoundException("period of this strategy", at.Id);
    }

    public static string SignOffName(SignOffState state) => state switch
    {
        SignOffState.Submitted => "submitted",
        SignOffState.DraftOnly => "draft",
        _ => "not-started",
    };

    public static string ChangeName(RiskChange change) => change switch
    {
        RiskChange.New => "new",
        RiskChange.Increased => "increased",
        RiskChange.Decreased => "decreased",
        RiskChange.Closed => "closed",
        _ => "unchanged",
    };

    private static HighlightView View(LeadHighlight h) =>
        new(h.Version, HighlightRules.Name(h.Status), h.Text.Commentary, h.Text.Achievements, h.Text.NextPeriodPlans, h.Text.DecisionsAsked, h.SavedBy, h.SavedAt);

    private static RiskView View(RiskEntry r) => new(
        r.RiskId, r.Version, r.Period, r.Details.Description, r.Details.Owner, r.Details.Likelihood, r.Details.Consequence, r.Score, RiskScale.Name(r.Band),
        r.Details.Mitigations, RiskRules.Name(r.Details.Status), r.Details.FlaggedForEscalation, r.SavedBy, r.SavedAt);

    private static MilestoneSaved View(MilestoneEntry m) =>
        new(m.MilestoneId, m.Version, m.Period, m.Details.Name, m.Details.Due, m.Details.Owner, MilestoneRules.Name(m.Details.Status));
}

/// <summary>The JSON contracts of the bodies <see cref="HighlightsApi"/> reads, generated at compile time: building the endpoints asks for them before the server listens (docs/cold-start.md), as <see cref="Health.HealthJson"/> explains.</summary>
[JsonSerializable(typeof(HighlightsApi.HighlightRequest))]
[JsonSerializable(typeof(RiskRequest))]
[JsonSerializable(typeof(MilestoneRequest))]
internal sealed partial class HighlightsJson : JsonSerializerContext;
