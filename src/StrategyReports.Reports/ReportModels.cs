using StrategyReports.Domain.Rollups;
using StrategyReports.Templating;

namespace StrategyReports.Reports;

/// <summary>A RAG rating as every output shows it: always a word, never a colour alone.</summary>
/// <param name="Rating">The rating, which picks the chip's colours.</param>
/// <param name="Label">What the chip says, e.g. <c>Grey: no target</c>.</param>
/// <param name="CssClass">The HTML chip's class, e.g. <c>rag rag-amber</c>.</param>
public sealed record RagView(Rag Rating, string Label, string CssClass);

/// <summary>What every report page names: the partnership, the period and when the figures were computed.</summary>
/// <param name="GeneratedAt">When the rollup was computed (its stored ComputedAt), never the render's clock.</param>
/// <param name="SampleDataNotice">The banner text when the rollup used generated sample data; null otherwise.</param>
public sealed record ReportHeader(
    string PartnershipId,
    string PartnershipName,
    string PeriodId,
    string PeriodLabel,
    string GeneratedAt,
    DateTimeOffset GeneratedAtInstant,
    int StrategyVersion,
    string? SampleDataNotice)
{
    public bool ContainsSampleData => SampleDataNotice is not null;
}

/// <summary>One point of a measure's trend, with its label for the chart's text alternative.</summary>
public sealed record TrendPointView(string Period, decimal? Value, string ValueText);

/// <summary>One success measure as a report row.</summary>
/// <param name="Actual">The figure in its unit, or the suppression notice for a hidden survey group.</param>
/// <param name="Gap">How far from target, on amber or red only; empty otherwise.</param>
/// <param name="Change">Change since last quarter, with better or worse; empty when unknown.</param>
/// <param name="TrendSvg">An inline SVG sparkline (role img, labelled by <paramref name="TrendText"/>); null with under two points.</param>
/// <param name="TrendText">The trend in words: the text alternative of the chart.</param>
/// <param name="Contributors">Who gave a value, e.g. <c>4 of 5 partners reported</c>.</param>
public sealed record MeasureView(
    string MeasureId,
    string Name,
    string Unit,
    string Actual,
    string Target,
    RagView Rag,
    string Gap,
    string Change,
    IReadOnlyList<TrendPointView> Trend,
    decimal? TargetValue,
    TrustedHtml? TrendSvg,
    string TrendText,
    string Contributors,
    bool IsSuppressed);

/// <summary>Returns expected and received, and who is missing, by name.</summary>
public sealed record CompletenessView(int Expected, int Received, int OnTime, int Late, string Summary, IReadOnlyList<string> Missing)
{
    public bool HasMissing => Missing.Count > 0;
}

/// <summary>One group of a pulse survey's results: shown with its figures, or hidden with the notice only.</summary>
/// <param name="Figures">One entry per theme of <see cref="StaffVoiceView.Themes"/>; empty when hidden.</param>
/// <param name="Notice">For a hidden group: "Fewer than N responses: not shown". Null when shown.</param>
public sealed record StaffVoiceGroupView(string Name, bool IsShown, string Responses, string ResponseRate, IReadOnlyList<string> Figures, string Enps, string? Notice);

/// <summary>Free-text answers to one question, from shown groups only.</summary>
public sealed record CommentsView(string Question, IReadOnlyList<string> Answers);

/// <summary>A pulse survey's results in a report: only ever what suppression left visible.</summary>
public sealed record StaffVoiceView(
    string SurveyId,
    string Title,
    int MinimumGroupSize,
    IReadOnlyList<string> Themes,
    IReadOnlyList<StaffVoiceGroupView> Groups,
    IReadOnlyList<CommentsView> Comments)
{
    /// <summary>Columns a hidden group's notice spans in the HTML table: responses, rate, themes and eNPS.</summary>
    public int NoticeSpan => Themes.Count + 3;
}

/// <summary>One partner's words under one heading (achievements, next steps or risks).</summary>
public sealed record NarrativeEntry(string Partner, string Text);

/// <summary>What the programme's lead wrote for the period, as the report shows it.</summary>
/// <param name="SignOff">Whose version this is and whether it was submitted, e.g. <c>Submitted by … on … (version 2)</c>.</param>
/// <param name="IsDraft">Not yet submitted: the report says so above the text.</param>
public sealed record LeadHighlightView(string SignOff, bool IsDraft, string? Commentary, string? Achievements, string? NextPeriodPlans, string? DecisionsAsked);

/// <summary>One risk or issue of a programme's log, as it stood at the end of the period.</summary>
/// <param name="Score">The score and its band, e.g. <c>16 Extreme</c>.</param>
/// <param name="BandClass">The HTML chip's class for the band.</param>
/// <param name="Rating">Likelihood × consequence in words, e.g. <c>Likely (4) × Major (4)</c>.</param>
/// <param name="Escalation">Why it goes up the chain, e.g. <c>Escalated: score 16 is at least 15</c>; empty when it does not.</param>
public sealed record RiskLine(
    string RiskId,
    string Description,
    string Owner,
    string Score,
    string Band,
    string BandClass,
    string Rating,
    string Mitigations,
    string Status,
    string Change,
    bool IsEscalated,
    string Escalation);

/// <summary>One milestone of a programme's action plan, rated from its due quarter.</summary>
/// <param name="Source">"From the strategy" or "Added by the lead".</param>
public sealed record MilestoneLine(string MilestoneId, string Name, string Due, string Owner, string Status, RagView Rag, string Source);

/// <summary>Everything about one programme that a highlight report shows, and a board pack repeats per programme.</summary>
/// <param name="LeadHighlight">The lead's highlight, which heads the section; null when nothing has been written yet.</param>
/// <param name="SignOff">The highlight's sign-off in words, also when nothing has been written.</param>
/// <param name="RiskLog">The programme's risks and issues, escalated ones first.</param>
/// <param name="Achievements">Partners' narratives: the evidence behind the lead's highlight.</param>
/// <param name="HeadingLevel">The heading level of its sections: 2 in a highlight report, 3 inside a board pack.</param>
public sealed record ProgrammeSection(
    string ProgrammeId,
    string Name,
    string Lead,
    string? Description,
    RagView OverallRag,
    string OverallRagRule,
    CompletenessView Completeness,
    IReadOnlyList<MeasureView> Measures,
    IReadOnlyList<StaffVoiceView> StaffVoice,
    IReadOnlyList<NarrativeEntry> Achievements,
    IReadOnlyList<NarrativeEntry> NextSteps,
    IReadOnlyList<NarrativeEntry> Risks,
    IReadOnlyList<string> DataQualityNotes,
    int HeadingLevel,
    LeadHighlightView? LeadHighlight,
    string SignOff,
    IReadOnlyList<RiskLine> RiskLog,
    IReadOnlyList<MilestoneLine> Milestones)
{
    public bool HasStaffVoice => StaffVoice.Count > 0;

    /// <summary>The heading level below this section's headings, for the partners' evidence under its own heading.</summary>
    public int SubheadingLevel => HeadingLevel + 1;

    public bool HasEvidence => Achievements.Count > 0 || NextSteps.Count > 0 || Risks.Count > 0;
}

/// <summary>One programme's highlight report for one period.</summary>
public sealed record HighlightReport(ReportHeader Header, string Title, ProgrammeSection Programme)
{
    /// <summary>The blob and download name without extension, e.g. <c>bury-2026-27-Q2-workforce-wellbeing</c>.</summary>
    public string FileStem => $"{Header.PartnershipId}-{Header.PeriodId}-{Programme.ProgrammeId}";
}

/// <summary>A row of a board pack's cover: one overseen programme at a glance.</summary>
/// <param name="SignOff">Whether its lead's highlight is submitted, e.g. <c>Submitted</c>, <c>Draft, not yet submitted</c>.</param>
public sealed record BoardPackLine(string ProgrammeId, string Name, string Lead, RagView OverallRag, string Measures, string Completeness, string SignOff);

/// <summary>An escalated risk with the programme it belongs to, as a pack lists it.</summary>
public sealed record EscalatedRiskLine(string Programme, RiskLine Risk);

/// <summary>A red measure with its gap to target, as a group's summary lists it.</summary>
public sealed record RedMeasureLine(string Programme, string Measure, string Actual, string Target, string Gap);

/// <summary>A decision or support a programme lead asks of the board.</summary>
public sealed record DecisionLine(string Programme, string Text);

/// <summary>A late or at-risk milestone.</summary>
public sealed record SlippageLine(string Programme, string Milestone, string Due, RagView Rag);

/// <summary>
/// A group that reports to the pack's group, at any depth, summarised without its programmes' full
/// highlights: what a board needs to see of the groups below it.
/// </summary>
/// <param name="ReportsThrough">For a group further down, the chain it reports through, e.g. <c>Reports through Strategic Workforce Group</c>; empty for one reporting directly.</param>
/// <param name="Summary">Its programmes' overall RAG counts and highlight sign-off in a sentence.</param>
public sealed record GroupSummaryView(
    string AssuranceGroupId,
    string Name,
    int Depth,
    string ReportsThrough,
    string Summary,
    IReadOnlyList<RedMeasureLine> RedMeasures,
    IReadOnlyList<EscalatedRiskLine> EscalatedRisks,
    IReadOnlyList<DecisionLine> Decisions,
    IReadOnlyList<SlippageLine> Slippage,
    bool OverseesProgrammes);

/// <summary>
/// An assurance group's board pack: a cover summary with sign-off, escalated risks and decisions asked, a
/// summary of each group reporting to it (to any depth), then each overseen programme's highlight.
/// </summary>
/// <param name="SignOff">Which programmes' highlights are submitted and which not yet, in a sentence.</param>
/// <param name="EscalatedRisks">Escalated risks of the programmes it oversees directly.</param>
public sealed record BoardPack(
    ReportHeader Header,
    string AssuranceGroupId,
    string AssuranceGroupName,
    string Title,
    string Summary,
    IReadOnlyList<BoardPackLine> Lines,
    IReadOnlyList<ProgrammeSection> Programmes,
    string SignOff,
    IReadOnlyList<EscalatedRiskLine> EscalatedRisks,
    IReadOnlyList<DecisionLine> Decisions,
    IReadOnlyList<GroupSummaryView> ReportingGroups)
{
    public string FileStem => $"{Header.PartnershipId}-{Header.PeriodId}-{AssuranceGroupId}";

    public bool HasProgrammes => Lines.Count > 0;
}
