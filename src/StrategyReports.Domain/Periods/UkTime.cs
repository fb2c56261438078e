namespace StrategyReports.Domain.Periods;

/// <summary>
/// UK local time (Europe/London), which every deadline, survey day and date people read is in, computed
/// without a time-zone database.
/// </summary>
/// <remarks>
/// The rule is written out rather than read from "Europe/London" because hosts' zone data differ (a
/// slim container may have none) and reading it costs a file at start-up; the UK rule (the Summer Time
/// Order 2002, the same since 1996) is fixed: British Summer Time runs from 01:00 UTC on the last Sunday
/// of March to 01:00 UTC on the last Sunday of October. The tests check it against the zone database.
/// </remarks>
public static class UkTime
{
    private static readonly TimeSpan SummerOffset = TimeSpan.FromHours(1);

    /// <summary>How far UK clocks are ahead of UTC at an instant: an hour in summer time, otherwise none.</summary>
    public static TimeSpan OffsetAt(DateTimeOffset instant) => IsSummerTime(instant.UtcDateTime) ? SummerOffset : TimeSpan.Zero;

    /// <summary>The instant as UK clocks show it, e.g. to print the local time of day.</summary>
    public static DateTimeOffset At(DateTimeOffset instant) => instant.ToOffset(OffsetAt(instant));

    /// <summary>The UK calendar day an instant falls on.</summary>
    public static DateOnly DateAt(DateTimeOffset instant) => DateOnly.FromDateTime(At(instant).DateTime);

    /// <summary>The instant UK local midnight begins <paramref name="day"/>.</summary>
    public static DateTimeOffset StartOfDay(DateOnly day)
    {
        // UK clocks change at 01:00 UTC on a Sunday, never at midnight: midnight's offset is that of the
        // same wall-clock time read as UTC, which lies on the same side of the change.
        var midnight = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var offset = IsSummerTime(midnight) ? SummerOffset : TimeSpan.Zero;
        return new DateTimeOffset(DateTime.SpecifyKind(midnight, DateTimeKind.Unspecified), offset);
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
