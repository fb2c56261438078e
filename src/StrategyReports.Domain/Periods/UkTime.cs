namespace StrategyReports.Domain.Periods;

/// <summary>UK local time (Europe/London), which every deadline in the partnership is set in.</summary>
public static class UkTime
{
    /// <summary>The Europe/London zone, with its GMT/BST changes.</summary>
    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    /// <summary>The instant UK local midnight begins <paramref name="day"/>.</summary>
    public static DateTimeOffset StartOfDay(DateOnly day)
    {
        // UK clocks change at 01:00 or 02:00, never at midnight, so local midnight always exists once.
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    /// <summary>The UK local date at an instant.</summary>
    public static DateOnly DateAt(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);
}
