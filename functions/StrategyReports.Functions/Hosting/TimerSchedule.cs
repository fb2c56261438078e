using NCrontab;

namespace StrategyReports.Functions.Hosting;

/// <summary>
/// A timer function's schedule as the Functions host reads it: a six-field NCRONTAB expression
/// (<c>{second} {minute} {hour} {day} {month} {day-of-week}</c>) parsed by NCrontab, the host's own
/// parser, and read in the app's time zone (<c>WEBSITE_TIME_ZONE</c>, UTC by default) with the
/// host's rules for the hours that daylight saving time skips or repeats.
/// </summary>
public sealed class TimerSchedule
{
    private static readonly CrontabSchedule.ParseOptions SixFields = new() { IncludingSeconds = true };

    private readonly CrontabSchedule _cron;
    private readonly TimeZoneInfo _zone;

    // The host calls a schedule an interval when any of its seconds, minutes or hours fields is
    // a wildcard, range or step; such schedules keep firing through a repeated hour.
    private readonly bool _isInterval;

    private TimerSchedule(string expression, CrontabSchedule cron, TimeZoneInfo zone)
    {
        (Expression, _cron, _zone) = (expression, cron, zone);
        _isInterval = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3)
            .Any(field => field.IndexOfAny(['*', '/', '-']) >= 0);
    }

    public string Expression { get; }

    public override string ToString() => Expression;

    /// <exception cref="FormatException">The host would refuse the expression; NCrontab's message says why.</exception>
    public static TimerSchedule Parse(string expression, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(zone);
        try
        {
            return new TimerSchedule(expression, CrontabSchedule.Parse(expression, SixFields), zone);
        }
        catch (CrontabException e)
        {
            throw new FormatException($"'{expression}' is not a timer schedule (six fields, seconds first): {e.Message}", e);
        }
    }

    public static bool TryParse(string expression, TimeZoneInfo zone, out TimerSchedule? schedule)
    {
        var cron = expression is null ? null : CrontabSchedule.TryParse(expression, SixFields);
        schedule = cron is null ? null : new TimerSchedule(expression!, cron, zone);
        return schedule is not null;
    }

    /// <summary>The first firing strictly after <paramref name="now"/>, with the zone's offset at that moment.</summary>
    /// <exception cref="InvalidOperationException">The schedule never fires (e.g. 31 February).</exception>
    public DateTimeOffset NextAfter(DateTimeOffset now)
    {
        now = TimeZoneInfo.ConvertTime(now, _zone);
        var next = InZone(NextWallClock(now.DateTime));
        if (!_zone.SupportsDaylightSavingTime)
        {
            return next;
        }

        var nowAmbiguous = _zone.IsAmbiguousTime(now);
        var nextAmbiguous = _zone.IsAmbiguousTime(next);
        if (!_isInterval && nextAmbiguous && next.Offset != now.Offset)
        {
            // A repeated wall-clock time is read with the standard offset; a point-in-time schedule
            // fires at its first occurrence, still on daylight time.
            return TimeZoneInfo.ConvertTime(next + (next.Offset - now.Offset), _zone);
        }

        if (!_isInterval && nextAmbiguous)
        {
            // Already past the change of clocks: this time has fired on daylight time, so skip its repeat.
            var wallClock = next.DateTime;
            while (_zone.IsAmbiguousTime(wallClock))
            {
                wallClock = NextWallClock(wallClock);
            }

            return InZone(wallClock);
        }

        if (_isInterval && (nowAmbiguous || nextAmbiguous) && next.Offset != now.Offset)
        {
            // An interval keeps its spacing through the repeated hour instead of jumping an hour.
            return TimeZoneInfo.ConvertTime(next + (next.Offset - now.Offset), _zone);
        }

        return next;
    }

    private DateTime NextWallClock(DateTime after)
    {
        var next = _cron.GetNextOccurrence(DateTime.SpecifyKind(after, DateTimeKind.Unspecified));
        return next == DateTime.MaxValue
            ? throw new InvalidOperationException($"The schedule '{Expression}' has no occurrence after {after:O}.")
            : next;
    }

    // A wall-clock time the clocks skip is read with the standard offset, so it lands just after the skip.
    private DateTimeOffset InZone(DateTime wallClock) =>
        TimeZoneInfo.ConvertTime(new DateTimeOffset(wallClock, _zone.GetUtcOffset(wallClock)), _zone);
}
