using System.Globalization;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Rollups;
using StrategyReports.Domain.Strategies;
using StrategyReports.Templating;

namespace StrategyReports.Reports;

/// <summary>
/// How figures and dates read, the same in HTML pages, HTML reports and PDF: by the measure's kind and
/// unit (£, %, counts, "3 of 5 partners"), with British (en-GB) number and date forms. The forms are
/// spelled out as patterns over the invariant culture (the app runs with invariant globalization), so
/// neither the server's culture nor a caller's Accept-Language can change them.
/// </summary>
public static class ReportFormat
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>The formatting functions templates may call, by name: they are these methods, so a page reads figures as a report does.</summary>
    public static IReadOnlyDictionary<string, TemplateFunction> TemplateFunctions { get; } = new Dictionary<string, TemplateFunction>(StringComparer.Ordinal)
    {
        ["format_number"] = TemplateFunction.Of<decimal, string>(value => Number(value, 0)),
        ["format_date"] = TemplateFunction.Of<DateOnly, string>(Date),
    };

    /// <summary>A measure's value in its unit, e.g. <c>£2,150,000</c>, <c>5.8%</c>, <c>42 leaders</c>, <c>6.4 out of 10</c>.</summary>
    public static string Value(MeasureKind kind, string unit, decimal value) => (kind, unit) switch
    {
        (MeasureKind.Amount, _) or (_, "£") => Money(value),
        (_, SuccessMeasure.PercentUnit) => Number(value, 1) + "%",
        (MeasureKind.YesNo, _) => Number(value, 0) + "% of partners",
        (_, "eNPS") => "eNPS " + Signed(value, 1),
        _ when unit.StartsWith('%') => Number(value, 1) + "% " + unit[1..].Trim(),
        _ when unit.Contains("0-10", StringComparison.Ordinal) => Number(value, 1) + " out of 10",
        (MeasureKind.Count, _) => Number(value, 0) + " " + Counted(unit, value),
        _ => Number(value, 2) + " " + unit,
    };

    /// <summary>The actual figure: yes-no measures read as partners, e.g. <c>3 of 5 partners (60%)</c>.</summary>
    public static string Actual(MeasureRollup measure)
    {
        ArgumentNullException.ThrowIfNull(measure);
        if (measure.Value is not { } value)
        {
            return "No figure";
        }

        return measure.Kind == MeasureKind.YesNo && measure.YesCount is { } yes
            ? string.Create(Culture, $"{yes} of {measure.Contributors.Count} partners ({Number(value, 0)}%)")
            : Value(measure.Kind, measure.Unit, value);
    }

    /// <summary>A difference in the measure's unit with its sign, e.g. <c>+0.3 points</c>, <c>-£50,000</c>, <c>+5 leaders</c>.</summary>
    public static string Difference(MeasureKind kind, string unit, decimal difference)
    {
        var sign = difference < 0 ? "-" : "+";
        var size = Math.Abs(difference);
        return (kind, unit) switch
        {
            (MeasureKind.Amount, _) or (_, "£") => sign + Money(size),
            (_, SuccessMeasure.PercentUnit) or (MeasureKind.YesNo, _) => sign + Number(size, 1) + " points",
            _ when unit.StartsWith('%') => sign + Number(size, 1) + " points",
            (_, "eNPS") => sign + Number(size, 1),
            _ when unit.Contains("0-10", StringComparison.Ordinal) => sign + Number(size, 1),
            (MeasureKind.Count, _) => sign + Number(size, 0) + " " + Counted(unit, size),
            _ => sign + Number(size, 2) + " " + unit,
        };
    }

    /// <summary>How far from target, in words that do not depend on colour: <c>£120,000 above target</c>.</summary>
    public static string Gap(MeasureRollup measure)
    {
        ArgumentNullException.ThrowIfNull(measure);
        if (measure.Gap is not { } gap)
        {
            return string.Empty;
        }

        // Gap is negative when worse, so which side of the target that is depends on the direction.
        var below = (gap < 0) == (measure.Direction == Direction.HigherIsBetter);
        var size = Difference(measure.Kind, measure.Unit, Math.Abs(gap))[1..];
        return size + (below ? " below target" : " above target");
    }

    /// <summary>Change since last quarter, and whether that is better or worse.</summary>
    public static string Change(MeasureRollup measure)
    {
        ArgumentNullException.ThrowIfNull(measure);
        if (measure.Change is not { } change)
        {
            return string.Empty;
        }

        if (change == 0)
        {
            return "No change";
        }

        var better = (change > 0) == (measure.Direction == Direction.HigherIsBetter);
        return Difference(measure.Kind, measure.Unit, change) + (better ? " (better)" : " (worse)");
    }

    // Count units are plural nouns ("leaders", "roles"): one of them reads in the singular.
    private static string Counted(string unit, decimal count) =>
        count == 1 && unit.Length > 1 && unit.EndsWith('s') && !unit.Contains(' ', StringComparison.Ordinal) ? unit[..^1] : unit;

    public static string Money(decimal value) =>
        (value < 0 ? "-£" : "£") + Math.Abs(value).ToString(Math.Abs(value) >= 1000 || decimal.Truncate(value) == value ? "#,0" : "#,0.00", Culture);

    public static string Number(decimal value, int decimals) =>
        Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString(decimals == 0 ? "#,0" : "#,0." + new string('0', decimals), Culture);

    public static string Signed(decimal value, int decimals) => (value < 0 ? "-" : "+") + Number(Math.Abs(value), decimals);

    /// <summary>A period as people say it: <c>2026-27 Q2 (July to September 2026)</c>.</summary>
    public static string Period(Period period) => string.Create(
        Culture,
        $"{period.Id[..7]} Q{period.Quarter} ({period.Label})");

    /// <summary>The short form for tables and chart labels: <c>2026-27 Q2</c>.</summary>
    public static string ShortPeriod(Period period) => string.Create(Culture, $"{period.Id[..7]} Q{period.Quarter}");

    /// <summary>A day as people write it: <c>22 November 2026</c>.</summary>
    public static string Date(DateOnly day) => day.ToString("d MMMM yyyy", Culture);

    /// <summary>A moment in UK time, e.g. <c>30 November 2026 at 02:41</c>.</summary>
    public static string Moment(DateTimeOffset instant)
    {
        var uk = UkTime.At(instant);
        return uk.ToString("d MMMM yyyy 'at' HH:mm", Culture);
    }

    public static string RagName(Rag rag) => rag switch
    {
        Rag.Green => "Green",
        Rag.Amber => "Amber",
        Rag.Red => "Red",
        _ => "Grey",
    };
}
