using StrategyReports.Functions.Layout;

namespace StrategyReports.Functions.Highlights;

/// <summary>A risk as the lead's log page lists it.</summary>
/// <param name="EditHref">The risk's own page, where the lead records a new version of it.</param>
public sealed record LogRiskRow(string Description, string Owner, string Score, string BandClass, string Change, string Escalation, string Status, string EditHref);

/// <summary>A milestone as the lead's log page lists it.</summary>
/// <param name="Source">Whether the strategy declares it or the lead added it.</param>
/// <param name="EditHref">The milestone's own page, where the lead records its progress.</param>
public sealed record LogMilestoneRow(string Name, string Due, string Owner, string Status, string RagLabel, string RagTag, string Source, string EditHref);

/// <summary>
/// The programme lead's page for a period: write and submit the highlight, and keep the risk and
/// milestone logs. Plain forms posted back to the same address, with the antiforgery token.
/// </summary>
/// <param name="HighlightFields">The highlight's text boxes with the saved text, or what was just posted when it had problems.</param>
public sealed record ProgrammeLogPage(
    string ProgrammeName,
    string PeriodLabel,
    string FormAction,
    string AntiforgeryToken,
    string SignOff,
    string? Saved,
    IReadOnlyList<FormField> HighlightFields,
    IReadOnlyList<FormField> RiskFields,
    FormField MilestoneName,
    FormField MilestoneOwner,
    IReadOnlyList<FieldError> Errors,
    IReadOnlyList<LogRiskRow> Risks,
    IReadOnlyList<LogRiskRow> ClosedRisks,
    IReadOnlyList<LogMilestoneRow> Milestones,
    string Slippage,
    IReadOnlyList<PageOption> Likelihoods,
    IReadOnlyList<PageOption> Consequences,
    IReadOnlyList<PageOption> DueQuarters,
    string EscalationScore,
    string ReportsHref) : IPageModel
{
    public static string Template => "programme-log";
}

/// <summary>One version of a risk, as its page lists the record.</summary>
public sealed record RiskVersionRow(string Version, string Period, string Score, string Status, string Owner, string SavedBy, string SavedAt);

/// <summary>
/// A risk's own page under the lead's page for a period: where it stands, the form that records a new
/// version of it (rescore, mitigate, flag for escalation, close or reopen), and every version so far.
/// </summary>
/// <param name="Score">The score, band and ratings of the version the period's log shows.</param>
/// <param name="LastPeriod">The score at the end of the period before, or that it was not in the log.</param>
/// <param name="Escalation">Whether it goes up the assurance chain, and why.</param>
public sealed record RiskPage(
    string ProgrammeName,
    string PeriodLabel,
    string Description,
    string FormAction,
    string AntiforgeryToken,
    string LogHref,
    IReadOnlyList<FieldError> Errors,
    string Score,
    string State,
    string Change,
    string LastPeriod,
    string Escalation,
    string EscalationScore,
    FormField DescriptionField,
    FormField Owner,
    FormField Mitigations,
    SelectField Likelihood,
    SelectField Consequence,
    RadioField Status,
    bool Escalate,
    IReadOnlyList<RiskVersionRow> History) : IPageModel
{
    public static string Template => "programme-risk";
}

/// <summary>One version of a milestone's record, as its page lists it.</summary>
public sealed record MilestoneVersionRow(string Version, string Period, string Status, string Due, string Owner, string SavedBy, string SavedAt);

/// <summary>
/// A milestone's own page under the lead's page for a period: its RAG, the form that records progress, and
/// every version so far. A milestone the strategy declares keeps its name and due quarter, so
/// <paramref name="NameField"/> and <paramref name="DueField"/> are null for it.
/// </summary>
public sealed record MilestonePage(
    string ProgrammeName,
    string PeriodLabel,
    string Name,
    string FormAction,
    string AntiforgeryToken,
    string LogHref,
    IReadOnlyList<FieldError> Errors,
    bool DeclaredInStrategy,
    string Due,
    string RagLabel,
    string RagTag,
    FormField? NameField,
    SelectField? DueField,
    FormField Owner,
    RadioField Status,
    IReadOnlyList<MilestoneVersionRow> History) : IPageModel
{
    public static string Template => "programme-milestone";
}
