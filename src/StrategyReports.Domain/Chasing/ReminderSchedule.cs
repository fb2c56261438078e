using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Strategies;

namespace StrategyReports.Domain.Chasing;

/// <summary>One scheduled reminder: the period it chases and its day relative to that period's due day.</summary>
public sealed record ScheduledReminder(Period Period, int DaysFromDue);

/// <summary>Which of the reminders a strategy schedules (<see cref="ReportingCalendar.RemindDaysFromDue"/>) fall on a day.</summary>
public static class ReminderSchedule
{
    /// <summary>The reminders due on a UK date, for every period of the strategy's span.</summary>
    public static IReadOnlyList<ScheduledReminder> DueOn(Strategy strategy, DateOnly ukDate)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        var calendar = strategy.Calendar;
        return [.. strategy.Periods
            .SelectMany(period => calendar.Reminders.Select(days => (Period: period, Days: days)))
            .Where(reminder => calendar.WindowFor(reminder.Period).DueOn.AddDays(reminder.Days) == ukDate)
            .Select(reminder => new ScheduledReminder(reminder.Period, reminder.Days))];
    }

    /// <summary>The reminders due on the UK date at an instant (a timer firing at 07:00 UTC is at 08:00 in summer).</summary>
    public static IReadOnlyList<ScheduledReminder> DueAt(Strategy strategy, DateTimeOffset now) => DueOn(strategy, UkTime.DateAt(now));
}
