using System.Globalization;
using StrategyReports.Domain.Periods;

namespace StrategyReports.Domain.Tests;

public class UkTimeTests
{
    // The zone database, which the written-out rule must agree with.
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    [Theory]
    [InlineData("2026-01-31T23:30:00Z", "2026-01-31")]
    [InlineData("2026-06-30T23:30:00Z", "2026-07-01")]
    [InlineData("2026-03-29T00:59:00Z", "2026-03-29")]
    [InlineData("2026-03-28T23:30:00Z", "2026-03-28")]
    [InlineData("2026-03-29T23:30:00Z", "2026-03-30")]
    [InlineData("2026-10-24T23:30:00Z", "2026-10-25")]
    [InlineData("2026-10-25T23:30:00Z", "2026-10-25")]
    [InlineData("2026-07-01T00:30:00+02:00", "2026-06-30")]
    public void The_day_is_the_uk_calendar_day(string instant, string day) =>
        Assert.Equal(DateOnly.Parse(day, CultureInfo.InvariantCulture), UkTime.DateAt(DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("2026-03-29T00:59:59Z", "2026-03-29T00:59:59+00:00")]
    [InlineData("2026-03-29T01:00:00Z", "2026-03-29T02:00:00+01:00")]
    [InlineData("2026-10-25T00:59:59Z", "2026-10-25T01:59:59+01:00")]
    [InlineData("2026-10-25T01:00:00Z", "2026-10-25T01:00:00+00:00")]
    public void The_clocks_change_at_one_in_the_morning_utc(string instant, string local)
    {
        var uk = UkTime.At(DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture));

        Assert.Equal(local, uk.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("2026-03-29", "2026-03-29T00:00:00+00:00")]
    [InlineData("2026-03-30", "2026-03-30T00:00:00+01:00")]
    [InlineData("2026-10-25", "2026-10-25T00:00:00+01:00")]
    [InlineData("2026-10-26", "2026-10-26T00:00:00+00:00")]
    public void A_day_starts_at_uk_midnight_in_that_night_s_offset(string day, string start) =>
        Assert.Equal(
            start,
            UkTime.StartOfDay(DateOnly.Parse(day, CultureInfo.InvariantCulture)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));

    [Fact]
    public void Every_hour_from_2000_to_2040_agrees_with_the_zone_database()
    {
        for (var instant = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero); instant.Year < 2040; instant = instant.AddHours(1))
        {
            var expected = TimeZoneInfo.ConvertTime(instant, London);
            Assert.Equal(expected.Offset, UkTime.OffsetAt(instant));
            Assert.Equal(expected.DateTime, UkTime.At(instant).DateTime);
            Assert.Equal(DateOnly.FromDateTime(expected.DateTime), UkTime.DateAt(instant));
        }
    }

    [Fact]
    public void Every_day_from_2000_to_2040_starts_when_the_zone_database_says()
    {
        for (var day = new DateOnly(2000, 1, 1); day.Year < 2040; day = day.AddDays(1))
        {
            var start = UkTime.StartOfDay(day);
            var local = TimeZoneInfo.ConvertTime(start, London);
            Assert.Equal((day, TimeSpan.Zero), (DateOnly.FromDateTime(local.DateTime), local.TimeOfDay));
            Assert.Equal(London.GetUtcOffset(start), start.Offset);
        }
    }
}
