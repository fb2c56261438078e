using StrategyReports.Templating;

namespace StrategyReports.Reports;

/// <summary>A RAG rating as every output shows it: always a word, never a colour alone.</summary>
/// <param name="Name">Green, Amber, Red or Grey: the colour, for styling.</param>
/// <param name="Label">What the chip says, e.g. <c>Grey: no target</c>.</param>
/// <param name="CssClass">The HTML chip's class, e.g. <c>rag rag-amber</c>.</param>
public sealed record RagView(string Name, string Label, string CssClass);

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

/// <summary>Everything about one programme that a highlight report shows, and a board pack repeats per programme.</summary>
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
    int HeadingLevel)
{
    public bool HasStaffVoice => StaffVoice.Count > 0;
}

/// <summary>One programme's highlight report for one period.</summary>
public sealed record HighlightReport(ReportHeader Header, string Title, ProgrammeSection Programme)
{
    /// <summary>The blob and download name without extension, e.g. <c>bury-2026-27-Q2-workforce-wellbeing</c>.</summary>
    public string FileStem => $"{Header.PartnershipId}-{Header.PeriodId}-{Programme.ProgrammeId}";
}

/// <summary>A row of a board pack's cover: one overseen programme at a glance.</summary>
public sealed record BoardPackLine(string ProgrammeId, string Name, string Lead, RagView OverallRag, string Measures, string Completeness);

/// <summary>An assurance group's board pack: a cover summary, then each overseen programme's highlight.</summary>
public sealed record BoardPack(
    ReportHeader Header,
    string AssuranceGroupId,
    string AssuranceGroupName,
    string Title,
    string Summary,
    IReadOnlyList<BoardPackLine> Lines,
    IReadOnlyList<ProgrammeSection> Programmes)
{
    public string FileStem => $"{Header.PartnershipId}-{Header.PeriodId}-{AssuranceGroupId}";
}
