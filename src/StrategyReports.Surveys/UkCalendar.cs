namespace StrategyReports.Surveys;

/// <summary>Dates as people in the UK see them, computed without a time-zone database.</summary>
/// <remarks>
/// The rule is written out rather than read from "Europe/London" because the app runs with
/// invariant globalization and on hosts whose zone data differ; the UK rule (the Summer Time
/// Order 2002) has been fixed since 1998: British Summer Time runs from 01:00 UTC on the last
/// Sunday of March to 01:00 UTC on the last Sunday of October.
/// </remarks>
public static class UkCalendar
{
    /// <summary>The UK calendar day an instant falls on.</summary>
    public static DateOnly DayOf(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        var offset = IsSummerTime(utc) ? TimeSpan.FromHours(1) : TimeSpan.Zero;
        return DateOnly.FromDateTime(utc + offset);
    }

    private static bool IsSummerTime(DateTime utc)
    {
        var starts = LastSundayOf(utc.Year, 3).AddHours(1);
        var ends = LastSundayOf(utc.Year, 10).AddHours(1);
        return utc >= starts && utc < ends;
    }

    private static DateTime LastSundayOf(int year, int month)
    {
        var last = new DateTime(year, month, DateTime.DaysInMonth(year, month), 0, 0, 0, DateTimeKind.Utc);
        return last.AddDays(-(int)last.DayOfWeek);
    }
}
