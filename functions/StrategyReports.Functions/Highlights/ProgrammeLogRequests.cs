using System.Security.Claims;
using StrategyReports.Domain.Failures;
using StrategyReports.Domain.Highlights;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Strategies;

namespace StrategyReports.Functions.Highlights;

/// <param name="Escalate">The lead asks for the risk to go up the chain whatever its score.</param>
/// <param name="Period">The quarter the change counts for; default the one being reported on.</param>
public sealed record RiskRequest(string? Description, string? Owner, int? Likelihood, int? Consequence, string? Mitigations, string? Status, bool? Escalate, string? Period);

/// <param name="Due">The quarter it is due by, e.g. 2026-27-Q3 (ignored for milestones the strategy declares).</param>
public sealed record MilestoneRequest(string? Name, string? Due, string? Owner, string? Status, string? Period);

/// <summary>
/// What a lead sends to a programme's log, through <see cref="HighlightsApi"/> or the lead's pages, read and checked
/// the same way for both: every bad field is named at once.
/// </summary>
public static class ProgrammeLogRequests
{
    /// <summary>Who a saved version is recorded as saved by.</summary>
    public static string SavedBy(ClaimsPrincipal user) => user?.Identity?.Name ?? "unknown";

    /// <summary>A risk as sent to the API or the lead's risk page, checked: every bad field named at once.</summary>
    public static (RiskDetails Details, Period? Period) ReadRisk(RiskRequest? body)
    {
        var errors = new Dictionary<string, string[]>();
        if (body?.Likelihood is null)
        {
            errors["likelihood"] = ["required: 1 (rare) to 5 (almost certain)"];
        }

        if (body?.Consequence is null)
        {
            errors["consequence"] = ["required: 1 (negligible) to 5 (catastrophic)"];
        }

        if (!RiskRules.TryParse(body?.Status ?? "open", out var status))
        {
            errors["status"] = [$"'{body?.Status}' is not a status: use 'open' or 'closed'"];
        }

        var period = OptionalPeriod(body?.Period, "period", errors);
        var details = new RiskDetails(body?.Description ?? string.Empty, body?.Owner ?? string.Empty, body?.Likelihood ?? 0, body?.Consequence ?? 0, body?.Mitigations, status, body?.Escalate ?? false);
        foreach (var error in RiskRules.Check(details).Where(e => !errors.ContainsKey(e.Field)))
        {
            errors[error.Field] = [error.Message];
        }

        return errors.Count > 0 ? throw new ValidationFailedException(errors) : (details, period);
    }

    /// <summary>Progress on a milestone as sent to the API or the lead's milestone page: a declared one needs no due quarter, the strategy's stands.</summary>
    public static (MilestoneDetails Details, Period? Period) ReadMilestoneUpdate(Programme programme, string milestoneId, MilestoneRequest? body)
    {
        ArgumentNullException.ThrowIfNull(programme);
        return ReadMilestone(body, dueRequired: !programme.DeclaredMilestones.Any(m => m.Id == milestoneId));
    }

    public static (MilestoneDetails Details, Period? Period) ReadMilestone(MilestoneRequest? body, bool dueRequired)
    {
        var errors = new Dictionary<string, string[]>();
        if (!MilestoneRules.TryParse(body?.Status ?? "not-started", out var status))
        {
            errors["status"] = [$"'{body?.Status}' is not a status: use {string.Join(", ", MilestoneRules.Statuses.Select(s => $"'{s.Name}'"))}"];
        }

        var due = OptionalPeriod(body?.Due, "due", errors);
        if (due is null && dueRequired && !errors.ContainsKey("due"))
        {
            errors["due"] = ["required: the quarter it is due by, e.g. 2026-27-Q3"];
        }

        var period = OptionalPeriod(body?.Period, "period", errors);
        return errors.Count > 0
            ? throw new ValidationFailedException(errors)
            : (new MilestoneDetails(body?.Name ?? string.Empty, due ?? default, body?.Owner, status), period);
    }

    private static Period? OptionalPeriod(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (Period.TryParse(text.Trim(), out var period))
        {
            return period;
        }

        errors[field] = [$"'{text}' is not a quarter such as 2026-27-Q3"];
        return null;
    }
}
