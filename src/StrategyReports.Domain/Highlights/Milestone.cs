using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Rollups;

namespace StrategyReports.Domain.Highlights;

/// <summary>Progress on a milestone, as its lead records it.</summary>
public enum MilestoneStatus
{
    NotStarted,
    OnTrack,
    AtRisk,
    Complete,
}

/// <summary>What a lead records about a milestone.</summary>
/// <param name="Name">What will be delivered; for a milestone the strategy declares, the strategy's name stands.</param>
/// <param name="Due">The quarter it is due by; for a declared milestone the strategy's quarter stands, so slippage shows.</param>
public sealed record MilestoneDetails(string Name, Period Due, string? Owner, MilestoneStatus Status);

/// <summary>One version of a milestone's record, made in a period (as with risks).</summary>
public sealed record MilestoneEntry(
    string PartnershipId,
    string ProgrammeId,
    string MilestoneId,
    int Version,
    Period Period,
    MilestoneDetails Details,
    string SavedBy,
    DateTimeOffset SavedAt);

/// <summary>A milestone as a report shows it for a period: declared or added, with its progress and RAG.</summary>
/// <param name="DeclaredInStrategy">From the strategy's action plan, rather than added by the lead.</param>
/// <param name="Version">The log version it reflects; 0 for a declared milestone nobody has updated.</param>
public sealed record MilestoneAtPeriod(
    string MilestoneId,
    string Name,
    Period Due,
    string? Owner,
    MilestoneStatus Status,
    bool DeclaredInStrategy,
    int Version,
    Rag Rag,
    string RagLabel)
{
    /// <summary>Late or at risk: what a pack's summary counts as slippage.</summary>
    public bool IsSlipping => Rag is Rag.Red or Rag.Amber;
}

/// <summary>How a milestone is rated from its dates: never typed in.</summary>
public static class MilestoneRules
{
    /// <summary>
    /// Complete is green. Not complete and due before the period is overdue: red. Due in the period, or
    /// marked at risk by its lead, is amber. Due later and not at risk is on track: green.
    /// </summary>
    public static (Rag Rag, string Label) Judge(Period due, MilestoneStatus status, Period period) => status switch
    {
        MilestoneStatus.Complete => (Rag.Green, "Green: complete"),
        _ when due < period => (Rag.Red, "Red: overdue"),
        _ when due == period => (Rag.Amber, "Amber: due this quarter"),
        MilestoneStatus.AtRisk => (Rag.Amber, "Amber: at risk"),
        _ => (Rag.Green, "Green: on track"),
    };

    public static IReadOnlyList<LogFieldError> Check(MilestoneDetails details, bool declared)
    {
        ArgumentNullException.ThrowIfNull(details);
        var errors = new List<LogFieldError>();
        if (!declared)
        {
            LogText.Require(errors, "name", details.Name, LogText.NameLength);
        }

        LogText.Limit(errors, "owner", details.Owner, LogText.NameLength);
        return errors;
    }

    public static readonly IReadOnlyList<(MilestoneStatus Status, string Name, string Label)> Statuses =
    [
        (MilestoneStatus.NotStarted, "not-started", "Not started"),
        (MilestoneStatus.OnTrack, "on-track", "On track"),
        (MilestoneStatus.AtRisk, "at-risk", "At risk"),
        (MilestoneStatus.Complete, "complete", "Complete"),
    ];

    public static string Name(MilestoneStatus status) => Statuses.First(s => s.Status == status).Name;

    public static string Label(MilestoneStatus status) => Statuses.First(s => s.Status == status).Label;

    public static bool TryParse(string? name, out MilestoneStatus status)
    {
        var match = Statuses.FirstOrDefault(s => s.Name == name);
        status = match.Status;
        return match.Name is not null;
    }
}
