using System.Globalization;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Domain.Rollups;
using StrategyReports.Domain.Strategies;

namespace StrategyReports.Domain;

/// <summary>
/// How figures, dates, periods and sizes read to people, the same in pages, reports, PDFs, reminders and
/// error messages: figures by the measure's kind and unit (£, %, counts, "3 of 5 partners"), with British
/// (en-GB) number and date forms. The forms are spelled out as patterns over the invariant culture (the app
/// runs with invariant globalization), so neither the server's culture nor a caller's Accept-Language can
/// change them. Machine forms (ids, ISO dates in JSON and documents) are not here.
/// </summary>
public static class Formatting
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>A measure's value in its unit, e.g. <c>£2,150,000</c>, <c>5.8%</c>, <c>42 leaders</c>, <c>6.4 out of 10</c>.</summary>
    public static string Value(MeasureKind kind, string unit, decimal value) => (kind, unit) switch
    {
        (MeasureKind.Amount, _) or (_, "£") => Money(value),
        (_, SuccessMeasure.PercentUnit) => Percent(value, 1),
        (MeasureKind.YesNo, _) => Percent(value, 0) + " of partners",
        (_, "eNPS") => "eNPS " + Signed(value, 1),
        _ when unit.StartsWith('%') => Percent(value, 1) + " " + unit[1..].Trim(),
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
            ? string.Create(Culture, $"{yes} of {measure.Contributors.Count} partners ({Percent(value, 0)})")
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

    /// <summary>A value as a partner entered it, without its unit: <c>12</c>, <c>1,250.5</c>, <c>30 / 600</c>, <c>Yes</c>.</summary>
    public static string Entered(MeasureValue value) => value switch
    {
        CountValue count => Count(count.Value),
        AmountValue amount => amount.Value.ToString("#,##0.##", Culture),
        RatioValue ratio => string.Create(Culture, $"{ratio.Numerator:#,##0.##} / {ratio.Denominator:#,##0.##}"),
        YesNoValue yesNo => yesNo.Value ? "Yes" : "No",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown measure value."),
    };

    // Count units are plural nouns ("leaders", "roles"): one of them reads in the singular.
    private static string Counted(string unit, decimal count) =>
        count == 1 && unit.Length > 1 && unit.EndsWith('s') && !unit.Contains(' ', StringComparison.Ordinal) ? unit[..^1] : unit;

    /// <summary>Pounds, in whole pounds from £1,000 or when whole, otherwise with pence: <c>£2,150,000</c>, <c>£234.50</c>.</summary>
    public static string Money(decimal value) =>
        (value < 0 ? "-£" : "£") + Math.Abs(value).ToString(Math.Abs(value) >= 1000 || decimal.Truncate(value) == value ? "#,0" : "#,0.00", Culture);

    /// <summary>A number rounded half away from zero, with thousands separators: <c>12,345.7</c>.</summary>
    public static string Number(decimal value, int decimals) =>
        Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString(decimals == 0 ? "#,0" : "#,0." + new string('0', decimals), Culture);

    /// <summary>A percentage, rounded as <see cref="Number"/> rounds: <c>62.5%</c>.</summary>
    public static string Percent(decimal value, int decimals) => Number(value, decimals) + "%";

    /// <summary>A number with its sign, plus or minus: <c>+12.5</c>.</summary>
    public static string Signed(decimal value, int decimals) => (value < 0 ? "-" : "+") + Number(Math.Abs(value), decimals);

    /// <summary>A count of things (characters, bytes, responses), with thousands separators: <c>2,000</c>.</summary>
    public static string Count(long count) => count.ToString("N0", Culture);

    /// <summary>A file's size as a person reads it: <c>340 KB</c> (at least 1), or <c>2.4 MB</c> from a mebibyte.</summary>
    public static string FileSize(long bytes) => bytes >= 1024 * 1024
        ? (bytes / (1024d * 1024)).ToString("0.0", Culture) + " MB"
        : Math.Max(1, (int)Math.Round(bytes / 1024d)).ToString(Culture) + " KB";

    /// <summary>A quarter's months, e.g. <c>July to September 2026</c>; January to March carries the calendar year it falls in.</summary>
    public static string Months(Period period) =>
        $"{period.FirstDay.ToString("MMMM", Culture)} to {period.LastDay.ToString("MMMM yyyy", Culture)}";

    /// <summary>A period as people say it: <c>2026-27 Q2 (July to September 2026)</c>.</summary>
    public static string Period(Period period) => $"{ShortPeriod(period)} ({Months(period)})";

    /// <summary>The short form for tables and chart labels: <c>2026-27 Q2</c>.</summary>
    public static string ShortPeriod(Period period) => string.Create(Culture, $"{period.Id[..7]} Q{period.Quarter}");

    /// <summary>A period in words with its id, as partners see their returns named: <c>July to September 2026 (2026-27-Q2)</c>.</summary>
    public static string PeriodWithId(Period period) => $"{Months(period)} ({period.Id})";

    /// <summary>A day as people write it: <c>22 November 2026</c>.</summary>
    public static string Date(DateOnly day) => day.ToString("d MMMM yyyy", Culture);

    /// <summary>A moment in UK time, e.g. <c>30 November 2026 at 02:41</c>.</summary>
    public static string Moment(DateTimeOffset instant) => UkTime.At(instant).ToString("d MMMM yyyy 'at' HH:mm", Culture);

    /// <summary>A rating's name: <c>Green</c>, <c>Amber</c>, <c>Red</c> or <c>Grey</c>.</summary>
    public static string RagName(Rag rag) => rag switch
    {
        Rag.Green => "Green",
        Rag.Amber => "Amber",
        Rag.Red => "Red",
        _ => "Grey",
    };
}
