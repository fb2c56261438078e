namespace StrategyReports.Domain.Periods;

/// <summary>Where a period's returns window stands at a moment.</summary>
public enum ReturnsWindowState
{
    NotYetOpen,
    Open,

    /// <summary>Past the due day: submissions are still accepted but marked late.</summary>
    Late,

    /// <summary>Past the closing day: returns are locked unless an admin reopens the period.</summary>
    Closed,
}

/// <summary>
/// The returns window of one period. Days are UK local dates; the instants are the start of
/// <see cref="OpensOn"/> and the end of <see cref="DueOn"/> and <see cref="ClosesOn"/> in Europe/London.
/// </summary>
/// <param name="Opens">Midnight at the start of <see cref="OpensOn"/>, UK local time.</param>
/// <param name="Due">The end of <see cref="DueOn"/>: the first instant at which a submission is late.</param>
/// <param name="Closes">The end of <see cref="ClosesOn"/>: the first instant at which returns are locked.</param>
public sealed record ReturnsWindow(
    Period Period,
    DateOnly OpensOn,
    DateOnly DueOn,
    DateOnly ClosesOn,
    DateTimeOffset Opens,
    DateTimeOffset Due,
    DateTimeOffset Closes)
{
    /// <summary>Where the window stands at <paramref name="now"/>.</summary>
    public ReturnsWindowState StateAt(DateTimeOffset now) =>
        now < Opens ? ReturnsWindowState.NotYetOpen
        : now < Due ? ReturnsWindowState.Open
        : now < Closes ? ReturnsWindowState.Late
        : ReturnsWindowState.Closed;
}

/// <summary>
/// When a partnership's quarterly returns open, fall due and close, in days relative to the
/// last day of the quarter (negative is before it).
/// </summary>
/// <param name="OpensDaysAfterQuarterEnd">E.g. -14: returns open two weeks before the quarter ends.</param>
/// <param name="DueDaysAfterQuarterEnd">E.g. 21: returns are due by the end of the 21st day after the quarter ends.</param>
/// <param name="ClosesDaysAfterQuarterEnd">E.g. 35: late returns are accepted until the end of this day.</param>
/// <param name="RemindDaysFromDue">
/// The days, relative to the due day, on which partners that have not returned are reminded (e.g. -7 and 1:
/// a week before it and the day after); null when the strategy schedules no reminders.
/// </param>
public sealed record ReportingCalendar(
    int OpensDaysAfterQuarterEnd = ReportingCalendar.DefaultOpensDays,
    int DueDaysAfterQuarterEnd = ReportingCalendar.DefaultDueDays,
    int ClosesDaysAfterQuarterEnd = ReportingCalendar.DefaultClosesDays,
    IReadOnlyList<int>? RemindDaysFromDue = null)
{
    /// <summary>The scheduled reminder days, in the order the strategy gives them; empty when there are none.</summary>
    public IReadOnlyList<int> Reminders => RemindDaysFromDue ?? [];

    public const int DefaultOpensDays = -14;
    public const int DefaultDueDays = 21;
    public const int DefaultClosesDays = 35;

    /// <summary>
    /// The furthest a window may reach from its quarter end in either direction; keeps windows
    /// of neighbouring years from being confused and bounds <see cref="CurrentPeriod"/>'s search.
    /// </summary>
    public const int MaximumOffsetDays = 366;

    /// <summary>The calendar used when a strategy does not declare one.</summary>
    public static ReportingCalendar Default { get; } = new();

    /// <summary>The returns window for a period.</summary>
    public ReturnsWindow WindowFor(Period period)
    {
        var quarterEnd = period.LastDay;
        var opensOn = quarterEnd.AddDays(OpensDaysAfterQuarterEnd);
        var dueOn = quarterEnd.AddDays(DueDaysAfterQuarterEnd);
        var closesOn = quarterEnd.AddDays(ClosesDaysAfterQuarterEnd);
        return new ReturnsWindow(
            period,
            opensOn,
            dueOn,
            closesOn,
            UkTime.StartOfDay(opensOn),
            UkTime.StartOfDay(dueOn.AddDays(1)),
            UkTime.StartOfDay(closesOn.AddDays(1)));
    }

    /// <summary>Where a period's returns window stands at <paramref name="now"/>.</summary>
    public ReturnsWindowState StateAt(Period period, DateTimeOffset now) => WindowFor(period).StateAt(now);

    /// <summary>
    /// The period whose window is open (or late but not closed) at <paramref name="now"/>, the latest
    /// if several are; otherwise the latest period whose window has opened.
    /// </summary>
    public Period CurrentPeriod(DateTimeOffset now)
    {
        // Windows lie within MaximumOffsetDays of their quarter end, so only the quarters
        // around today can be open.
        var today = Period.Containing(UkTime.DateAt(now));
        var reach = (MaximumOffsetDays / 90) + 2;
        var opened = Period.Range(today.AddQuarters(-reach), today.AddQuarters(reach))
            .Select(WindowFor)
            .Where(window => window.StateAt(now) != ReturnsWindowState.NotYetOpen)
            .ToList();
        if (opened.Count == 0)
        {
            // Only possible for calendars that open long after the quarter ends.
            return today.AddQuarters(-reach);
        }

        var open = opened.LastOrDefault(window => window.StateAt(now) != ReturnsWindowState.Closed);
        return (open ?? opened[^1]).Period;
    }
}
