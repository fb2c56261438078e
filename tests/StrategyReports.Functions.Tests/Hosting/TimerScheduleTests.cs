using System.Globalization;
using StrategyReports.Functions.Hosting;

namespace StrategyReports.Functions.Tests.Hosting;

public class TimerScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 31, 23, 59, 58, TimeSpan.Zero);
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    [Theory]
    [InlineData("* * * * * *", "2026-03-31T23:59:59+00:00")]
    [InlineData("0 * * * * *", "2026-04-01T00:00:00+00:00")]
    [InlineData("0 0 2 * * *", "2026-04-01T02:00:00+00:00")]
    [InlineData("0 */15 * * * *", "2026-04-01T00:00:00+00:00")]
    [InlineData("30 5 7-9 * * *", "2026-04-01T07:05:30+00:00")]
    [InlineData("0 0 6 * * MON-FRI", "2026-04-01T06:00:00+00:00")]
    [InlineData("0 0 6 * * SAT", "2026-04-04T06:00:00+00:00")]
    [InlineData("0 0 0 1 JAN,JUL *", "2026-07-01T00:00:00+00:00")]
    [InlineData("0 0 0 29 2 *", "2028-02-29T00:00:00+00:00")]
    [InlineData("0 0 12 * * 0", "2026-04-05T12:00:00+00:00")]
    [InlineData("10,20 0 0 * * *", "2026-04-01T00:00:10+00:00")]
    public void Next_firing_follows_each_field(string expression, string expected)
    {
        var next = TimerSchedule.Parse(expression, TimeZoneInfo.Utc).NextAfter(Start);

        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), next);
    }

    [Fact]
    public void A_day_of_month_and_a_day_of_week_must_both_match_as_in_ncrontab()
    {
        // Vixie cron would fire on any 15th or any Monday (6 April); NCrontab, and so the Functions host,
        // waits for a Monday the 15th.
        var next = TimerSchedule.Parse("0 0 3 15 * 1", TimeZoneInfo.Utc).NextAfter(Start);

        Assert.Equal(new DateTimeOffset(2026, 6, 15, 3, 0, 0, TimeSpan.Zero), next);
    }

    [Fact]
    public void Next_firing_is_strictly_after_the_given_time()
    {
        var schedule = TimerSchedule.Parse("0 0 2 * * *", TimeZoneInfo.Utc);
        var twoAm = new DateTimeOffset(2026, 4, 1, 2, 0, 0, TimeSpan.Zero);

        Assert.Equal(twoAm.AddDays(1), schedule.NextAfter(twoAm));
    }

    [Fact]
    public void Successive_firings_of_a_step_schedule_are_evenly_spaced()
    {
        var schedule = TimerSchedule.Parse("*/20 * * * * *", TimeZoneInfo.Utc);
        var times = new List<DateTimeOffset> { schedule.NextAfter(Start) };
        for (var i = 0; i < 5; i++)
        {
            times.Add(schedule.NextAfter(times[^1]));
        }

        Assert.All(times.Zip(times.Skip(1)), pair => Assert.Equal(TimeSpan.FromSeconds(20), pair.Second - pair.First));
    }

    [Fact]
    public void The_schedule_is_read_in_the_apps_time_zone()
    {
        var schedule = TimerSchedule.Parse("0 0 2 * * *", London);

        // 2 a.m. in London is 01:00 UTC in summer and 02:00 UTC in winter.
        Assert.Equal(new DateTimeOffset(2026, 7, 2, 2, 0, 0, TimeSpan.FromHours(1)), schedule.NextAfter(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 2, 0, 0, TimeSpan.Zero), schedule.NextAfter(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void A_time_the_clocks_skip_fires_just_after_the_skip()
    {
        // 29 March 2026: London goes from 01:00 GMT to 02:00 BST, so 01:30 never happens that day.
        var schedule = TimerSchedule.Parse("0 30 1 * * *", London);

        var next = schedule.NextAfter(new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 2, 30, 0, TimeSpan.FromHours(1)), next);
        Assert.Equal(new DateTimeOffset(2026, 3, 30, 1, 30, 0, TimeSpan.FromHours(1)), schedule.NextAfter(next));
    }

    [Fact]
    public void A_time_the_clocks_repeat_fires_once_on_daylight_time()
    {
        // 25 October 2026: London goes from 02:00 BST back to 01:00 GMT, so 01:30 happens twice.
        var schedule = TimerSchedule.Parse("0 30 1 * * *", London);

        var first = schedule.NextAfter(new DateTimeOffset(2026, 10, 24, 12, 0, 0, TimeSpan.Zero));
        var second = schedule.NextAfter(first);

        Assert.Equal(new DateTimeOffset(2026, 10, 25, 1, 30, 0, TimeSpan.FromHours(1)), first);
        Assert.Equal(new DateTimeOffset(2026, 10, 26, 1, 30, 0, TimeSpan.Zero), second);
    }

    [Fact]
    public void An_interval_keeps_its_spacing_through_the_repeated_hour()
    {
        var schedule = TimerSchedule.Parse("0 */30 * * * *", London);
        var times = new List<DateTimeOffset> { schedule.NextAfter(new DateTimeOffset(2026, 10, 24, 23, 15, 0, TimeSpan.Zero)) };
        for (var i = 0; i < 5; i++)
        {
            times.Add(schedule.NextAfter(times[^1]));
        }

        Assert.All(times.Zip(times.Skip(1)), pair => Assert.Equal(TimeSpan.FromMinutes(30), pair.Second - pair.First));
        Assert.Equal(
            ["00:30+01:00", "01:00+01:00", "01:30+01:00", "01:00+00:00", "01:30+00:00", "02:00+00:00"],
            times.Select(t => t.ToString("HH:mmzzz", CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("0 0 2 * *", "five fields")]
    [InlineData("0 0 2 * * * *", "seven fields")]
    [InlineData("60 * * * * *", "second out of range")]
    [InlineData("* 60 * * * *", "minute out of range")]
    [InlineData("* * 24 * * *", "hour out of range")]
    [InlineData("* * * 0 * *", "day zero")]
    [InlineData("* * * * 13 *", "month 13")]
    [InlineData("* * * * * 8", "day of week 8")]
    [InlineData("0 0 12 * * 7", "day of week 7: NCrontab's run from 0 (Sunday) to 6")]
    [InlineData("a * * * * *", "not a number")]
    [InlineData("1-2-3 * * * * *", "malformed range")]
    public void Invalid_expressions_are_rejected(string expression, string because)
    {
        var error = Assert.Throws<FormatException>(() => TimerSchedule.Parse(expression, TimeZoneInfo.Utc));

        Assert.Contains(expression, error.Message, StringComparison.Ordinal);
        Assert.False(TimerSchedule.TryParse(expression, TimeZoneInfo.Utc, out _), because);
    }

    [Fact]
    public void An_impossible_date_has_no_firing()
    {
        var schedule = TimerSchedule.Parse("0 0 0 31 2 *", TimeZoneInfo.Utc);

        Assert.Throws<InvalidOperationException>(() => schedule.NextAfter(Start));
    }
}
