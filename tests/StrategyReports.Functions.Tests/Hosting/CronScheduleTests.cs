using StrategyReports.Functions.Hosting;

namespace StrategyReports.Functions.Tests.Hosting;

public class CronScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 31, 23, 59, 58, TimeSpan.Zero);

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
    [InlineData("0 0 12 * * 7", "2026-04-05T12:00:00+00:00")]
    [InlineData("0 0 3 15 * 1", "2026-04-06T03:00:00+00:00")]
    [InlineData("10,20 0 0 * * *", "2026-04-01T00:00:10+00:00")]
    public void Next_occurrence_follows_each_field(string expression, string expected)
    {
        var next = CronSchedule.Parse(expression).NextOccurrence(Start);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }

    [Fact]
    public void Next_occurrence_is_strictly_after_the_given_time()
    {
        var schedule = CronSchedule.Parse("0 0 2 * * *");
        var twoAm = new DateTimeOffset(2026, 4, 1, 2, 0, 0, TimeSpan.Zero);

        Assert.Equal(twoAm.AddDays(1), schedule.NextOccurrence(twoAm));
    }

    [Fact]
    public void Successive_occurrences_of_a_step_schedule_are_evenly_spaced()
    {
        var schedule = CronSchedule.Parse("*/20 * * * * *");
        var times = new List<DateTimeOffset> { schedule.NextOccurrence(Start) };
        for (var i = 0; i < 5; i++)
        {
            times.Add(schedule.NextOccurrence(times[^1]));
        }

        Assert.All(times.Zip(times.Skip(1)), pair => Assert.Equal(TimeSpan.FromSeconds(20), pair.Second - pair.First));
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
    [InlineData("*/0 * * * * *", "zero step")]
    [InlineData("5-1 * * * * *", "backwards range")]
    [InlineData("a * * * * *", "not a number")]
    [InlineData("1-2-3 * * * * *", "malformed range")]
    public void Invalid_expressions_are_rejected_with_the_field_named(string expression, string because)
    {
        var error = Assert.Throws<FormatException>(() => CronSchedule.Parse(expression));

        Assert.False(string.IsNullOrWhiteSpace(error.Message), because);
        Assert.False(CronSchedule.TryParse(expression, out _));
    }

    [Fact]
    public void An_impossible_date_has_no_occurrence()
    {
        var schedule = CronSchedule.Parse("0 0 0 31 2 *");

        Assert.Throws<InvalidOperationException>(() => schedule.NextOccurrence(Start));
    }
}
