using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Strategies;
using StrategyReports.Surveys;

namespace StrategyReports.Domain.Rollups;

/// <summary>
/// The assurance picture of one partnership for one period: every programme's measures rolled up
/// across partners, with completeness, RAG, trend, staff voice and narratives. Holds no clock time,
/// so the same inputs give the same rollup, byte for byte, once serialised.
/// </summary>
/// <param name="StrategyVersion">The strategy version the rollup was computed against.</param>
/// <param name="InputFingerprint">SHA-256 over the strategy version, the return versions used and the survey responses counted: equal fingerprints mean nothing changed.</param>
/// <param name="ReturnsUsed">Every return version the rollup read, so a later resubmission shows up as a change.</param>
/// <param name="ContainsSampleData">Some return used is generated sample data (<see cref="Returns.QuarterlyReturn.SampleDataSubmitter"/>): every output must say so.</param>
public sealed record PartnershipRollup(
    string PartnershipId,
    string PartnershipName,
    Period Period,
    int StrategyVersion,
    string InputFingerprint,
    ReturnsCompleteness Completeness,
    IReadOnlyList<ProgrammeRollup> Programmes,
    IReadOnlyList<AssuranceGroupSummary> AssuranceGroups,
    IReadOnlyList<ReturnVersionUsed> ReturnsUsed,
    bool ContainsSampleData);

/// <summary>Which version of which partner's return a rollup counted.</summary>
public sealed record ReturnVersionUsed(string PartnerId, int Version, bool IsLate);

/// <summary>
/// Expected returns versus received. A partner is expected when at least one measure in scope
/// applies to its sector.
/// </summary>
/// <param name="Accepted">Of those received, the returns a lead has accepted (their latest version): reports say "N of M returns accepted".</param>
public sealed record ReturnsCompleteness(
    int Expected,
    int Received,
    int OnTime,
    int Late,
    IReadOnlyList<PartnerRef> Missing,
    int Accepted = 0)
{
    public int MissingCount => Missing.Count;

    /// <summary>Received as a percentage of expected; null when nothing is expected.</summary>
    public decimal? PercentReceived => Expected == 0 ? null : Math.Round(100m * Received / Expected, 1, MidpointRounding.AwayFromZero);
}

public sealed record PartnerRef(string Id, string Name);

/// <summary>One programme's highlight: its measures, overall RAG, completeness, staff voice and narratives.</summary>
/// <param name="DataQualityNotes">Plain sentences on what weakens the figures (missing returns, late resubmissions, suppressed survey groups, measures with no target).</param>
public sealed record ProgrammeRollup(
    string ProgrammeId,
    string Name,
    string Lead,
    IReadOnlyList<string> AssuranceGroupIds,
    OverallRagRule OverallRagRule,
    Rag OverallRag,
    ReturnsCompleteness Completeness,
    IReadOnlyList<MeasureRollup> Measures,
    IReadOnlyList<StaffVoice> StaffVoice,
    IReadOnlyList<PartnerNarrative> Narratives,
    IReadOnlyList<string> DataQualityNotes);

/// <summary>
/// One success measure rolled up across partners for the period.
/// </summary>
/// <param name="Value">The aggregate in the measure's unit: the sum (count, amount), Σn ÷ Σd (ratio), % of answering partners saying yes (yes-no), the survey score (survey); null when nothing was received or the figure is suppressed.</param>
/// <param name="Numerator">Ratios: Σ numerators of the contributing partners.</param>
/// <param name="Denominator">Ratios: Σ denominators of the contributing partners.</param>
/// <param name="YesCount">Yes-no: partners answering yes.</param>
/// <param name="Target">The target for the period, if any.</param>
/// <param name="Gap">How far the value is from the target, signed so that negative is worse; null when green, grey or no target.</param>
/// <param name="Change">Value minus the previous period's value; null when either is missing.</param>
/// <param name="Trend">This period and the earlier periods of the reporting span (up to eight), oldest first.</param>
/// <param name="Contributors">Partners whose latest return gave a value.</param>
/// <param name="Expected">Partners expected to report the measure.</param>
/// <param name="IsSuppressed">A survey measure whose group is below the survey's minimum: no figure is shown anywhere.</param>
public sealed record MeasureRollup(
    string MeasureId,
    string Name,
    MeasureKind Kind,
    string Unit,
    Direction Direction,
    decimal? Value,
    decimal? Numerator,
    decimal? Denominator,
    int? YesCount,
    decimal? Target,
    Rag Rag,
    decimal? Gap,
    decimal? PreviousValue,
    decimal? Change,
    IReadOnlyList<TrendPoint> Trend,
    IReadOnlyList<string> Contributors,
    IReadOnlyList<string> Expected,
    bool IsSuppressed);

/// <summary>A measure's value in one period; null when nothing was received or it was suppressed.</summary>
public sealed record TrendPoint(Period Period, decimal? Value);

/// <summary>A pulse survey's results for the period, already suppressed (see <see cref="Suppression"/>).</summary>
public sealed record StaffVoice(string SurveyId, string Title, SurveyResults Results);

/// <summary>A partner's narrative from its latest return.</summary>
public sealed record PartnerNarrative(string PartnerId, string PartnerName, int ReturnVersion, string? Achievements, string? NextSteps, string? Risks);

/// <summary>The programmes one assurance group oversees, with their overall RAG: the board pack's cover.</summary>
public sealed record AssuranceGroupSummary(
    string AssuranceGroupId,
    string Name,
    IReadOnlyList<string> ProgrammeIds,
    int Green,
    int Amber,
    int Red,
    int Grey);
