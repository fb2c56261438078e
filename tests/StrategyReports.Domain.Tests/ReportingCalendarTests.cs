using StrategyReports.Domain.Periods;

namespace StrategyReports.Domain.Tests;

public class ReportingCalendarTests
{
    private static readonly ReportingCalendar Calendar = ReportingCalendar.Default;
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    [Fact]
    public void A_summer_window_opens_two_weeks_before_quarter_end_at_bst_midnight()
    {
        var window = Calendar.WindowFor(Period.Parse("2025-26-Q1"));

        Assert.Equal(new DateOnly(2025, 6, 16), window.OpensOn);
        Assert.Equal(new DateOnly(2025, 7, 21), window.DueOn);
        Assert.Equal(new DateOnly(2025, 8, 4), window.ClosesOn);
        Assert.Equal(Instant("2025-06-16T00:00:00+01:00"), window.Opens);
        Assert.Equal(Instant("2025-07-22T00:00:00+01:00"), window.Due);
        Assert.Equal(Instant("2025-08-05T00:00:00+01:00"), window.Closes);
        Assert.Equal(TimeSpan.FromHours(1), window.Opens.Offset);
    }

    [Fact]
    public void A_winter_window_is_in_gmt()
    {
        var window = Calendar.WindowFor(Period.Parse("2025-26-Q3"));

        Assert.Equal(Instant("2025-12-17T00:00:00+00:00"), window.Opens);
        Assert.Equal(Instant("2026-01-22T00:00:00+00:00"), window.Due);
        Assert.Equal(Instant("2026-02-05T00:00:00+00:00"), window.Closes);
        Assert.Equal(TimeSpan.Zero, window.Due.Offset);
    }

    [Fact]
    public void A_window_across_the_spring_clock_change_opens_in_gmt_and_is_due_in_bst()
    {
        // Clocks went forward on 29 March 2026.
        var window = Calendar.WindowFor(Period.Parse("2025-26-Q4"));

        Assert.Equal(Instant("2026-03-17T00:00:00+00:00"), window.Opens);
        Assert.Equal(Instant("2026-04-22T00:00:00+01:00"), window.Due);
        Assert.Equal(Instant("2026-05-06T00:00:00+01:00"), window.Closes);
    }

    [Fact]
    public void A_window_across_the_autumn_clock_change_opens_in_bst_and_closes_in_gmt()
    {
        // Clocks went back on 26 October 2025.
        var window = Calendar.WindowFor(Period.Parse("2025-26-Q2"));

        Assert.Equal(Instant("2025-09-16T00:00:00+01:00"), window.Opens);
        Assert.Equal(Instant("2025-10-22T00:00:00+01:00"), window.Due);
        Assert.Equal(Instant("2025-11-05T00:00:00+00:00"), window.Closes);
    }

    [Fact]
    public void Every_window_from_2020_to_2031_starts_and_ends_at_uk_midnight()
    {
        foreach (var period in Period.Range(Period.Parse("2020-21-Q1"), Period.Parse("2031-32-Q4")))
        {
            var window = Calendar.WindowFor(period);
            foreach (var (instant, day) in new[] { (window.Opens, window.OpensOn), (window.Due, window.DueOn.AddDays(1)), (window.Closes, window.ClosesOn.AddDays(1)) })
            {
                var local = TimeZoneInfo.ConvertTime(instant, London);
                Assert.Equal(TimeSpan.Zero, local.TimeOfDay);
                Assert.Equal(day, DateOnly.FromDateTime(local.DateTime));
                Assert.Equal(London.GetUtcOffset(instant), instant.Offset);
            }

            Assert.Equal(period.LastDay.AddDays(-14), window.OpensOn);
            Assert.Equal(period.LastDay.AddDays(21), window.DueOn);
            Assert.Equal(period.LastDay.AddDays(35), window.ClosesOn);
        }
    }

    [Fact]
    public void A_leap_year_quarter_end_counts_february_29th()
    {
        // 2027-28-Q4 ends 31 March 2028; opening 14 days earlier is 17 March either way, so use a
        // calendar that reaches back across February.
        var calendar = new ReportingCalendar(-35, 0, 7);
        var window = calendar.WindowFor(Period.Parse("2027-28-Q4"));

        Assert.Equal(new DateOnly(2028, 2, 25), window.OpensOn);
        Assert.Equal(new DateOnly(2027, 2, 24), calendar.WindowFor(Period.Parse("2026-27-Q4")).OpensOn);
    }

    [Fact]
    public void The_state_changes_exactly_at_each_boundary()
    {
        var period = Period.Parse("2025-26-Q1");
        var window = Calendar.WindowFor(period);
        var tick = TimeSpan.FromTicks(1);

        Assert.Equal(ReturnsWindowState.NotYetOpen, Calendar.StateAt(period, window.Opens - tick));
        Assert.Equal(ReturnsWindowState.Open, Calendar.StateAt(period, window.Opens));
        Assert.Equal(ReturnsWindowState.Open, Calendar.StateAt(period, window.Due - tick));
        Assert.Equal(ReturnsWindowState.Late, Calendar.StateAt(period, window.Due));
        Assert.Equal(ReturnsWindowState.Late, Calendar.StateAt(period, window.Closes - tick));
        Assert.Equal(ReturnsWindowState.Closed, Calendar.StateAt(period, window.Closes));
    }

    [Fact]
    public void Lateness_follows_uk_local_time_not_utc()
    {
        var period = Period.Parse("2025-26-Q1");

        // 23:30 UTC on the due day is already 00:30 the next day in BST.
        Assert.Equal(ReturnsWindowState.Late, Calendar.StateAt(period, Instant("2025-07-21T23:30:00+00:00")));
        Assert.Equal(ReturnsWindowState.Open, Calendar.StateAt(period, Instant("2025-07-21T22:59:59+00:00")));

        // In winter 23:30 UTC is still the due day.
        var winter = Period.Parse("2025-26-Q3");
        Assert.Equal(ReturnsWindowState.Open, Calendar.StateAt(winter, Instant("2026-01-21T23:30:00+00:00")));
    }

    [Theory]
    [InlineData("2025-07-01T09:00:00+01:00", "2025-26-Q1")]
    [InlineData("2025-07-30T09:00:00+01:00", "2025-26-Q1")]
    [InlineData("2025-08-10T09:00:00+01:00", "2025-26-Q1")]
    [InlineData("2025-09-20T09:00:00+01:00", "2025-26-Q2")]
    [InlineData("2026-01-05T09:00:00+00:00", "2025-26-Q3")]
    [InlineData("2026-03-20T09:00:00+00:00", "2025-26-Q4")]
    [InlineData("2026-04-01T09:00:00+01:00", "2025-26-Q4")]
    [InlineData("2026-06-15T22:59:59+00:00", "2025-26-Q4")]
    [InlineData("2026-06-15T23:00:00+00:00", "2026-27-Q1")]
    public void The_current_period_is_the_open_one_or_else_the_latest_opened(string now, string expected)
    {
        Assert.Equal(Period.Parse(expected), Calendar.CurrentPeriod(Instant(now)));
    }

    [Fact]
    public void With_overlapping_windows_the_current_period_is_the_latest_still_accepting_returns()
    {
        var calendar = new ReportingCalendar(-30, 60, 120);

        // Q1's window is late until 28 October; Q2's opened on 31 August.
        Assert.Equal(Period.Parse("2025-26-Q2"), calendar.CurrentPeriod(Instant("2025-10-20T12:00:00+01:00")));
        Assert.Equal(ReturnsWindowState.Late, calendar.StateAt(Period.Parse("2025-26-Q1"), Instant("2025-10-20T12:00:00+01:00")));
    }

    private static DateTimeOffset Instant(string text) =>
        DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
