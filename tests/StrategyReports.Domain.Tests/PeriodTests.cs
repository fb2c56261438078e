using System.Text.Json;
using StrategyReports.Domain.Periods;

namespace StrategyReports.Domain.Tests;

public class PeriodTests
{
    private static readonly int[] FinancialYears = [.. Enumerable.Range(2020, 12)];

    public static TheoryData<int> Years => [.. FinancialYears];

    [Theory]
    [InlineData("2026-27-Q1", "April to June 2026")]
    [InlineData("2026-27-Q2", "July to September 2026")]
    [InlineData("2026-27-Q3", "October to December 2026")]
    [InlineData("2026-27-Q4", "January to March 2027")]
    [InlineData("2099-00-Q4", "January to March 2100")]
    public void A_period_reads_as_its_months_with_the_calendar_year_they_fall_in(string id, string label) =>
        Assert.Equal(label, Period.Parse(id).Label);

    [Theory]
    [MemberData(nameof(Years))]
    public void Every_quarter_of_a_financial_year_has_the_uk_months(int year)
    {
        var expected = new (string Id, DateOnly First, DateOnly Last)[]
        {
            ($"{year}-{(year + 1) % 100:D2}-Q1", new(year, 4, 1), new(year, 6, 30)),
            ($"{year}-{(year + 1) % 100:D2}-Q2", new(year, 7, 1), new(year, 9, 30)),
            ($"{year}-{(year + 1) % 100:D2}-Q3", new(year, 10, 1), new(year, 12, 31)),
            ($"{year}-{(year + 1) % 100:D2}-Q4", new(year + 1, 1, 1), new(year + 1, 3, 31)),
        };

        for (var quarter = 1; quarter <= 4; quarter++)
        {
            var period = Period.Of(year, quarter);
            var (id, first, last) = expected[quarter - 1];
            Assert.Equal(id, period.Id);
            Assert.Equal(id, period.ToString());
            Assert.Equal(period, Period.Parse(id));
            Assert.Equal(year, period.FinancialYearStart);
            Assert.Equal(quarter, period.Quarter);
            Assert.Equal(first, period.FirstDay);
            Assert.Equal(last, period.LastDay);
            Assert.Equal(period, Period.Containing(first));
            Assert.Equal(period, Period.Containing(last));
            Assert.Equal(period.LastDay.AddDays(1), period.Next().FirstDay);
            Assert.Equal(period.FirstDay.AddDays(-1), period.Previous().LastDay);
            Assert.Equal(period, period.Next().Previous());
            Assert.Equal(period, period.Previous().Next());
        }
    }

    [Fact]
    public void Every_day_from_2020_to_2032_lies_in_exactly_the_quarter_containing_it()
    {
        var periods = Period.Range(Period.Parse("2020-21-Q1"), Period.Parse("2031-32-Q4")).ToList();
        Assert.Equal(48, periods.Count);
        var days = 0;
        for (var day = new DateOnly(2020, 4, 1); day <= new DateOnly(2032, 3, 31); day = day.AddDays(1))
        {
            var period = Period.Containing(day);
            Assert.InRange(day, period.FirstDay, period.LastDay);
            Assert.Single(periods, candidate => candidate.FirstDay <= day && day <= candidate.LastDay);
            days++;
        }

        Assert.Equal(days, periods.Sum(period => period.LastDay.DayNumber - period.FirstDay.DayNumber + 1));
    }

    [Theory]
    [InlineData("2023-24-Q4", 91, "2024-02-29")]
    [InlineData("2027-28-Q4", 91, "2028-02-29")]
    [InlineData("2025-26-Q4", 90, "2026-02-28")]
    [InlineData("2099-00-Q4", 90, "2100-02-28")]
    public void The_january_to_march_quarter_has_february_29th_only_in_leap_years(string id, int days, string lastOfFebruary)
    {
        var period = Period.Parse(id);
        var february = DateOnly.Parse(lastOfFebruary, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(days, period.LastDay.DayNumber - period.FirstDay.DayNumber + 1);
        Assert.Equal(period, Period.Containing(february));
        Assert.Equal(february.AddDays(1), new DateOnly(february.Year, 3, 1));
    }

    [Theory]
    [InlineData("2025-26-Q1", 91)]
    [InlineData("2025-26-Q2", 92)]
    [InlineData("2025-26-Q3", 92)]
    public void Quarters_other_than_the_fourth_have_fixed_lengths(string id, int days)
    {
        var period = Period.Parse(id);
        Assert.Equal(days, period.LastDay.DayNumber - period.FirstDay.DayNumber + 1);
    }

    [Fact]
    public void Year_ends_step_into_the_next_financial_year()
    {
        Assert.Equal(Period.Parse("2026-27-Q1"), Period.Parse("2025-26-Q4").Next());
        Assert.Equal(Period.Parse("2025-26-Q4"), Period.Parse("2026-27-Q1").Previous());
        Assert.Equal(Period.Parse("2100-01-Q1"), Period.Parse("2099-00-Q4").Next());
        Assert.Equal(Period.Parse("2025-26-Q4"), Period.Containing(new DateOnly(2026, 3, 31)));
        Assert.Equal(Period.Parse("2026-27-Q1"), Period.Containing(new DateOnly(2026, 4, 1)));
        Assert.Equal(Period.Parse("2025-26-Q3"), Period.Containing(new DateOnly(2025, 12, 31)));
        Assert.Equal(Period.Parse("2025-26-Q4"), Period.Containing(new DateOnly(2026, 1, 1)));
    }

    [Theory]
    [InlineData("2025-27-Q1")]
    [InlineData("2025-25-Q1")]
    [InlineData("2025-26-Q5")]
    [InlineData("2025-26-Q0")]
    [InlineData("2025-26-q1")]
    [InlineData("2025-26Q1")]
    [InlineData("25-26-Q1")]
    [InlineData("2025/26-Q1")]
    [InlineData(" 2025-26-Q1")]
    [InlineData("2025-26-Q1 ")]
    [InlineData("2025-26-Q11")]
    [InlineData("2025-2026-Q1")]
    [InlineData("１９９９-00-Q1")]
    [InlineData("1999-00-Q1")]
    [InlineData("abcd-ef-Qg")]
    [InlineData("Q1 2025-26")]
    [InlineData("")]
    public void Ids_that_are_not_quarters_are_rejected(string text)
    {
        Assert.False(Period.TryParse(text, out _));
        Assert.Throws<FormatException>(() => Period.Parse(text));
    }

    [Fact]
    public void A_missing_id_is_not_a_period()
    {
        Assert.False(Period.TryParse(null, out _));
    }

    [Fact]
    public void Periods_order_chronologically()
    {
        var shuffled = new[] { "2026-27-Q1", "2025-26-Q4", "2025-26-Q1", "2027-28-Q3", "2025-26-Q2" }.Select(Period.Parse).ToList();

        Assert.Equal(["2025-26-Q1", "2025-26-Q2", "2025-26-Q4", "2026-27-Q1", "2027-28-Q3"], shuffled.Order().Select(period => period.Id));
        Assert.True(Period.Parse("2025-26-Q4") < Period.Parse("2026-27-Q1"));
        Assert.True(Period.Parse("2026-27-Q1") >= Period.Parse("2026-27-Q1"));
        Assert.False(Period.Parse("2025-26-Q4") > Period.Parse("2026-27-Q1"));
        Assert.True(Period.Parse("2025-26-Q3") <= Period.Parse("2025-26-Q4"));
    }

    [Fact]
    public void Quarters_can_be_counted_and_stepped_across_years()
    {
        var first = Period.Parse("2025-26-Q3");

        Assert.Equal(Period.Parse("2027-28-Q2"), first.AddQuarters(7));
        Assert.Equal(Period.Parse("2024-25-Q4"), first.AddQuarters(-3));
        Assert.Equal(7, first.QuartersUntil(Period.Parse("2027-28-Q2")));
        Assert.Equal(-3, first.QuartersUntil(Period.Parse("2024-25-Q4")));
        Assert.Equal(["2025-26-Q3", "2025-26-Q4", "2026-27-Q1"], Period.Range(first, Period.Parse("2026-27-Q1")).Select(period => period.Id));
        Assert.Empty(Period.Range(first, first.Previous()));
    }

    [Fact]
    public void Of_rejects_quarters_outside_one_to_four()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Period.Of(2025, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Period.Of(2025, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Period.Of(1999, 1));
    }

    [Fact]
    public void Json_writes_the_id_as_a_value_and_as_a_dictionary_key()
    {
        var period = Period.Parse("2025-26-Q2");
        var targets = new Dictionary<Period, int> { [period] = 12 };

        Assert.Equal("\"2025-26-Q2\"", JsonSerializer.Serialize(period));
        Assert.Equal("{\"2025-26-Q2\":12}", JsonSerializer.Serialize(targets));
        Assert.Equal(period, JsonSerializer.Deserialize<Period>("\"2025-26-Q2\""));
        Assert.Equal(targets, JsonSerializer.Deserialize<Dictionary<Period, int>>("{\"2025-26-Q2\":12}"));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Period>("\"2025-26-Q5\""));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Period>("20252"));
    }
}
