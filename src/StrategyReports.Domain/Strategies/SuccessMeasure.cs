using System.Globalization;
using StrategyReports.Domain.Periods;

namespace StrategyReports.Domain.Strategies;

/// <summary>How wide the amber band around a target is.</summary>
/// <param name="Value">Absolute units of the measure, or a percentage of the target.</param>
/// <param name="IsPercentOfTarget">True when <paramref name="Value"/> is a percentage of the target (written <c>5%</c>).</param>
public sealed record AmberTolerance(decimal Value, bool IsPercentOfTarget)
{
    /// <summary>No amber band: anything short of the target is red.</summary>
    public static AmberTolerance None { get; } = new(0m, false);

    /// <summary>The band in the measure's own units for a target.</summary>
    public decimal AllowanceFor(decimal target) => IsPercentOfTarget ? Math.Abs(target) * Value / 100m : Value;

    /// <summary>The document form: <c>5%</c> or <c>2.5</c>.</summary>
    public override string ToString() =>
        Value.ToString(CultureInfo.InvariantCulture) + (IsPercentOfTarget ? "%" : string.Empty);
}

/// <summary>A starting value and where the partnership means to be by a later period; targets in between are interpolated.</summary>
/// <param name="BaselinePeriod">The period the baseline was measured in.</param>
/// <param name="TargetPeriod">The period by which <paramref name="TargetValue"/> should be reached; it stays the target after.</param>
public sealed record Trajectory(Period BaselinePeriod, decimal BaselineValue, Period TargetPeriod, decimal TargetValue)
{
    /// <summary>
    /// The straight-line target for a period after the baseline, rounded to four decimal places;
    /// null for the baseline period and earlier.
    /// </summary>
    public decimal? TargetFor(Period period)
    {
        if (period <= BaselinePeriod)
        {
            return null;
        }

        if (period >= TargetPeriod)
        {
            return TargetValue;
        }

        var step = (TargetValue - BaselineValue) * BaselinePeriod.QuartersUntil(period) / BaselinePeriod.QuartersUntil(TargetPeriod);
        return Math.Round(BaselineValue + step, 4, MidpointRounding.AwayFromZero);
    }
}

/// <summary>Where a survey-derived measure takes its value from.</summary>
/// <param name="QuestionId">One question; exclusive with <paramref name="Theme"/>.</param>
/// <param name="Theme">All Likert questions of a theme; exclusive with <paramref name="QuestionId"/>.</param>
public sealed record SurveyMeasureSource(string SurveyId, string? QuestionId, string? Theme, SurveyScore Score);

/// <summary>One success measure of a programme.</summary>
/// <param name="Unit">How values read, e.g. <c>roles</c>, <c>£</c>, <c>%</c>, <c>partners</c>.</param>
/// <param name="Targets">Targets per period; empty when the measure has a <paramref name="Trajectory"/> or no targets.</param>
/// <param name="AppliesToSectors">The sectors whose partners report it; empty means every partner.</param>
/// <param name="NumeratorLabel">For ratios: what the numerator counts, e.g. <c>Days lost to sickness</c>.</param>
/// <param name="DenominatorLabel">For ratios: what the denominator counts, e.g. <c>Days available</c>.</param>
/// <param name="IsProportion">For ratios: the numerator is part of the denominator, so may not exceed it.</param>
/// <param name="Survey">For survey-derived measures: the survey score it shows.</param>
/// <param name="Question">How the return form asks one organisation for its figure, e.g. <c>How many volunteers do you have?</c>.</param>
public sealed record SuccessMeasure(
    string Id,
    string Name,
    MeasureKind Kind,
    string Unit,
    Direction Direction,
    IReadOnlyDictionary<Period, decimal> Targets,
    Trajectory? Trajectory,
    AmberTolerance AmberTolerance,
    IReadOnlyList<Sector> AppliesToSectors,
    string? NumeratorLabel = null,
    string? DenominatorLabel = null,
    bool IsProportion = false,
    SurveyMeasureSource? Survey = null,
    string? Description = null,
    string? Question = null)
{
    /// <summary>The longest question a strategy may give: a question is one sentence, the detail goes in the description.</summary>
    public const int QuestionMaxLength = 300;

    /// <summary>What the return form asks: the question, or the measure's name where the strategy gives none.</summary>
    public string AskedAs => Question ?? Name;

    /// <summary>The unit that makes a ratio read as a percentage: numerator ÷ denominator × 100.</summary>
    public const string PercentUnit = "%";

    /// <summary>The target for a period: the declared one, else the trajectory's, else none.</summary>
    public decimal? TargetFor(Period period) =>
        Targets.TryGetValue(period, out var target) ? target : Trajectory?.TargetFor(period);

    /// <summary>
    /// A ratio's value from summed numerators and denominators, in the measure's unit: a percentage
    /// when the unit is <c>%</c>, else the plain quotient. Null when the denominator is zero.
    /// </summary>
    public decimal? RatioValue(decimal numerator, decimal denominator) =>
        denominator == 0m ? null : numerator / denominator * (Unit == PercentUnit ? 100m : 1m);

    /// <summary>True for measures partners submit in their returns (all but survey-derived ones).</summary>
    public bool IsSubmitted => Kind != MeasureKind.Survey;
}
