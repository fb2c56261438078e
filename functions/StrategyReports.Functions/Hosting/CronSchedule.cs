using System.Globalization;

namespace StrategyReports.Functions.Hosting;

/// <summary>
/// A six-field NCRONTAB schedule (<c>{second} {minute} {hour} {day} {month} {day-of-week}</c>), the
/// format Azure Functions timer triggers use, so standalone runs fire on the same schedule as Azure.
/// Fields take <c>*</c>, numbers, ranges <c>a-b</c>, lists <c>a,b</c> and steps <c>*/n</c> or <c>a-b/n</c>;
/// months and days of the week also take their three-letter English names.
/// </summary>
public sealed class CronSchedule
{
    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private readonly bool[] _seconds;
    private readonly bool[] _minutes;
    private readonly bool[] _hours;
    private readonly bool[] _days;
    private readonly bool[] _months;
    private readonly bool[] _daysOfWeek;
    private readonly bool _dayIsWildcard;
    private readonly bool _dayOfWeekIsWildcard;

    private CronSchedule(string expression, bool[][] fields, bool dayIsWildcard, bool dayOfWeekIsWildcard)
    {
        Expression = expression;
        (_seconds, _minutes, _hours, _days, _months, _daysOfWeek) = (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
        _dayIsWildcard = dayIsWildcard;
        _dayOfWeekIsWildcard = dayOfWeekIsWildcard;
    }

    public string Expression { get; }

    public override string ToString() => Expression;

    /// <exception cref="FormatException">The expression is not a valid six-field schedule; the message says which field.</exception>
    public static CronSchedule Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var parts = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 6)
        {
            throw new FormatException($"'{expression}' has {parts.Length} fields; an NCRONTAB schedule has six: second minute hour day month day-of-week.");
        }

        var fields = new[]
        {
            ParseField(parts[0], "second", 0, 59, null),
            ParseField(parts[1], "minute", 0, 59, null),
            ParseField(parts[2], "hour", 0, 23, null),
            ParseField(parts[3], "day", 1, 31, null),
            ParseField(parts[4], "month", 1, 12, MonthNames),
            ParseField(parts[5], "day-of-week", 0, 7, DayNames),
        };

        // Both 0 and 7 mean Sunday, as in cron.
        fields[5][0] |= fields[5][7];
        return new CronSchedule(expression, fields, parts[3] is "*" or "?", parts[5] is "*" or "?");
    }

    public static bool TryParse(string expression, out CronSchedule? schedule)
    {
        try
        {
            schedule = Parse(expression);
            return true;
        }
        catch (FormatException)
        {
            schedule = null;
            return false;
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, in the same offset.</summary>
    public DateTimeOffset NextOccurrence(DateTimeOffset after)
    {
        var t = new DateTimeOffset(after.Year, after.Month, after.Day, after.Hour, after.Minute, after.Second, after.Offset).AddSeconds(1);
        var limit = after.AddYears(5);
        while (t < limit)
        {
            if (!_months[t.Month])
            {
                t = new DateTimeOffset(t.Year, t.Month, 1, 0, 0, 0, t.Offset).AddMonths(1);
            }
            else if (!DayMatches(t))
            {
                t = new DateTimeOffset(t.Year, t.Month, t.Day, 0, 0, 0, t.Offset).AddDays(1);
            }
            else if (!_hours[t.Hour])
            {
                t = new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, 0, 0, t.Offset).AddHours(1);
            }
            else if (!_minutes[t.Minute])
            {
                t = new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, t.Offset).AddMinutes(1);
            }
            else if (!_seconds[t.Second])
            {
                t = t.AddSeconds(1);
            }
            else
            {
                return t;
            }
        }

        throw new InvalidOperationException($"The schedule '{Expression}' has no occurrence within five years of {after:O}.");
    }

    // Cron's rule: when both day fields are restricted, either may match.
    private bool DayMatches(DateTimeOffset t)
    {
        var day = _days[t.Day];
        var dayOfWeek = _daysOfWeek[(int)t.DayOfWeek];
        return _dayIsWildcard || _dayOfWeekIsWildcard ? day && dayOfWeek : day || dayOfWeek;
    }

    private static bool[] ParseField(string text, string name, int min, int max, string[]? names)
    {
        var allowed = new bool[max + 1];
        foreach (var item in text.Split(','))
        {
            var (range, step) = SplitStep(item, name);
            int from, to;
            if (range is "*" or "?")
            {
                (from, to) = (min, max);
            }
            else if (range.Contains('-', StringComparison.Ordinal))
            {
                var bounds = range.Split('-');
                if (bounds.Length != 2)
                {
                    throw new FormatException($"The {name} field has a malformed range '{range}'.");
                }

                from = ParseValue(bounds[0], name, min, max, names);
                to = ParseValue(bounds[1], name, min, max, names);
                if (from > to)
                {
                    throw new FormatException($"The {name} field's range '{range}' runs backwards.");
                }
            }
            else
            {
                from = ParseValue(range, name, min, max, names);
                to = step > 1 ? max : from;
            }

            for (var value = from; value <= to; value += step)
            {
                allowed[value] = true;
            }
        }

        return allowed;
    }

    private static (string Range, int Step) SplitStep(string item, string name)
    {
        var slash = item.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return (item, 1);
        }

        if (!int.TryParse(item.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var step) || step < 1)
        {
            throw new FormatException($"The {name} field has an invalid step in '{item}'.");
        }

        return (item[..slash], step);
    }

    private static int ParseValue(string text, string name, int min, int max, string[]? names)
    {
        if (names is not null)
        {
            var index = Array.FindIndex(names, n => n.Equals(text, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                return index + (min == 1 ? 1 : 0);
            }
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new FormatException($"The {name} field's value '{text}' is not a number from {min} to {max}.");
        }

        return value;
    }
}
