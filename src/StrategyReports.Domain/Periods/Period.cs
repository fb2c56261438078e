using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json.Serialization;

namespace StrategyReports.Domain.Periods;

/// <summary>
/// A UK financial-year quarter, the period every return, rollup and report belongs to.
/// <c>2025-26-Q1</c> is April–June 2025 and <c>2025-26-Q4</c> is January–March 2026.
/// Create periods with <see cref="Parse"/>, <see cref="Of"/> or <see cref="Containing"/>; <c>default</c> is not a quarter.
/// </summary>
[JsonConverter(typeof(PeriodJsonConverter))]
public readonly record struct Period : IComparable<Period>, IComparable
{
    /// <summary>The earliest financial year a period may start in; ids are four-digit years.</summary>
    public const int EarliestYear = 2000;

    /// <summary>The latest financial year a period may start in.</summary>
    public const int LatestYear = 2998;

    private Period(int financialYearStart, int quarter)
    {
        FinancialYearStart = financialYearStart;
        Quarter = quarter;
    }

    /// <summary>The calendar year the financial year starts in: 2025 for <c>2025-26</c>.</summary>
    public int FinancialYearStart { get; }

    /// <summary>1 (April–June) to 4 (January–March).</summary>
    public int Quarter { get; }

    /// <summary>The period's id, e.g. <c>2025-26-Q1</c>.</summary>
    public string Id => string.Create(
        CultureInfo.InvariantCulture,
        $"{FinancialYearStart:D4}-{(FinancialYearStart + 1) % 100:D2}-Q{Quarter}");

    /// <summary>
    /// The quarter in words for people, e.g. <c>July to September 2026</c> for <c>2026-27-Q2</c>;
    /// January to March carries the calendar year it falls in, the year after the financial year starts.
    /// </summary>
    public string Label => Formatting.Months(this);

    /// <summary>The first day of the quarter.</summary>
    public DateOnly FirstDay => new DateOnly(FinancialYearStart, 4, 1).AddMonths(3 * (Quarter - 1));

    /// <summary>The last day of the quarter (the quarter end that return windows are measured from).</summary>
    public DateOnly LastDay => FirstDay.AddMonths(3).AddDays(-1);

    /// <summary>Creates the period for a financial year and quarter.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The year or quarter is out of range.</exception>
    public static Period Of(int financialYearStart, int quarter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(financialYearStart, EarliestYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(financialYearStart, LatestYear);
        ArgumentOutOfRangeException.ThrowIfLessThan(quarter, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quarter, 4);
        return new Period(financialYearStart, quarter);
    }

    /// <summary>The quarter that contains a day.</summary>
    public static Period Containing(DateOnly day)
    {
        // January–March belong to the financial year that started the previous April.
        var yearStart = day.Month >= 4 ? day.Year : day.Year - 1;
        var quarter = ((day.Month + 8) % 12 / 3) + 1;
        return Of(yearStart, quarter);
    }

    /// <summary>Parses an id such as <c>2025-26-Q1</c>.</summary>
    /// <exception cref="FormatException">The text is not a period id.</exception>
    public static Period Parse(string text) =>
        TryParse(text, out var period)
            ? period
            : throw new FormatException($"'{text}' is not a period: expected a financial-year quarter such as 2025-26-Q1.");

    /// <summary>Parses an id such as <c>2025-26-Q1</c>; the second year must follow the first.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Period period)
    {
        period = default;
        if (text is not { Length: 10 } || text[4] != '-' || text[7] != '-' || text[8] != 'Q'
            || !TryDigits(text.AsSpan(0, 4), out var year)
            || !TryDigits(text.AsSpan(5, 2), out var nextYear)
            || !TryDigits(text.AsSpan(9, 1), out var quarter))
        {
            return false;
        }

        if (year is < EarliestYear or > LatestYear || nextYear != (year + 1) % 100 || quarter is < 1 or > 4)
        {
            return false;
        }

        period = new Period(year, quarter);
        return true;
    }

    /// <summary>The following quarter.</summary>
    public Period Next() => Quarter == 4 ? Of(FinancialYearStart + 1, 1) : Of(FinancialYearStart, Quarter + 1);

    /// <summary>The preceding quarter.</summary>
    public Period Previous() => Quarter == 1 ? Of(FinancialYearStart - 1, 4) : Of(FinancialYearStart, Quarter - 1);

    /// <summary>Moves by a number of quarters, forwards or backwards.</summary>
    public Period AddQuarters(int quarters)
    {
        var index = Ordinal + quarters;
        return Of(Math.DivRem(index, 4, out var remainder) + EarliestYear, remainder + 1);
    }

    /// <summary>How many quarters <paramref name="later"/> is after this period (negative if before).</summary>
    public int QuartersUntil(Period later) => later.Ordinal - Ordinal;

    /// <summary>The periods from <paramref name="first"/> to <paramref name="last"/>, both included.</summary>
    public static IEnumerable<Period> Range(Period first, Period last)
    {
        for (var offset = 0; offset <= first.QuartersUntil(last); offset++)
        {
            yield return first.AddQuarters(offset);
        }
    }

    private int Ordinal => ((FinancialYearStart - EarliestYear) * 4) + Quarter - 1;

    public int CompareTo(Period other) => Ordinal.CompareTo(other.Ordinal);

    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        Period other => CompareTo(other),
        _ => throw new ArgumentException("Can only compare with another Period.", nameof(obj)),
    };

    public static bool operator <(Period left, Period right) => left.CompareTo(right) < 0;

    public static bool operator <=(Period left, Period right) => left.CompareTo(right) <= 0;

    public static bool operator >(Period left, Period right) => left.CompareTo(right) > 0;

    public static bool operator >=(Period left, Period right) => left.CompareTo(right) >= 0;

    public override string ToString() => Id;

    private static bool TryDigits(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (var digit in digits)
        {
            if (!char.IsAsciiDigit(digit))
            {
                return false;
            }

            value = (value * 10) + (digit - '0');
        }

        return true;
    }
}
