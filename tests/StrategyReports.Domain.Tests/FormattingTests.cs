using System.Globalization;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Domain.Rollups;
using StrategyReports.Domain.Strategies;

namespace StrategyReports.Domain.Tests;

public class FormattingTests
{
    [Theory]
    [InlineData(MeasureKind.Amount, "£", 2150000, "£2,150,000")]
    [InlineData(MeasureKind.Ratio, "%", 5.849, "5.8%")]
    [InlineData(MeasureKind.Count, "leaders", 1234, "1,234 leaders")]
    [InlineData(MeasureKind.Count, "leaders", 1, "1 leader")]
    [InlineData(MeasureKind.YesNo, "% of partners", 62.5, "63% of partners")]
    [InlineData(MeasureKind.Survey, "% positive", 71.25, "71.3% positive")]
    [InlineData(MeasureKind.Survey, "theme score (0-10)", 6.44, "6.4 out of 10")]
    [InlineData(MeasureKind.Survey, "eNPS", -3.15, "eNPS -3.2")]
    public void Values_read_in_their_unit(MeasureKind kind, string unit, double value, string expected) =>
        Assert.Equal(expected, Formatting.Value(kind, unit, (decimal)value));

    [Fact]
    public void Gaps_and_changes_say_which_side_and_whether_better_in_words()
    {
        var spend = new MeasureRollup("s", "Spend", MeasureKind.Amount, "£", Direction.LowerIsBetter, 2_120_000m, null, null, null, 2_000_000m, Rag.Amber, -120_000m, 2_100_000m, 20_000m, [], [], [], false);
        var staff = spend with { Kind = MeasureKind.Count, Unit = "leaders", Direction = Direction.HigherIsBetter, Value = 20, Target = 25, Gap = -5, Change = 3 };

        Assert.Equal("£120,000 above target", Formatting.Gap(spend));
        Assert.Equal("+£20,000 (worse)", Formatting.Change(spend));
        Assert.Equal("5 leaders below target", Formatting.Gap(staff));
        Assert.Equal("+3 leaders (better)", Formatting.Change(staff));
    }

    [Fact]
    public void Entered_values_read_without_their_unit()
    {
        Assert.Equal("12,345", Formatting.Entered(new CountValue(12_345)));
        Assert.Equal("1,250.5", Formatting.Entered(new AmountValue(1_250.50m)));
        Assert.Equal("30 / 600", Formatting.Entered(new RatioValue(30, 600)));
        Assert.Equal("Yes", Formatting.Entered(new YesNoValue(true)));
    }

    [Theory]
    [InlineData(0, "1 KB")]
    [InlineData(348_160, "340 KB")]
    [InlineData(1_048_575, "1024 KB")]
    [InlineData(1_048_576, "1.0 MB")]
    [InlineData(2_516_582, "2.4 MB")]
    public void File_sizes_read_in_kilobytes_then_megabytes(long bytes, string expected) =>
        Assert.Equal(expected, Formatting.FileSize(bytes));

    [Fact]
    public void Periods_read_in_words_with_or_without_their_id()
    {
        var period = Period.Parse("2026-27-Q2");

        Assert.Equal("July to September 2026", Formatting.Months(period));
        Assert.Equal(Formatting.Months(period), period.Label);
        Assert.Equal("2026-27 Q2 (July to September 2026)", Formatting.Period(period));
        Assert.Equal("2026-27 Q2", Formatting.ShortPeriod(period));
        Assert.Equal("July to September 2026 (2026-27-Q2)", Formatting.PeriodWithId(period));
        Assert.Equal("January to March 2027", Formatting.Months(Period.Parse("2026-27-Q4")));
    }

    [Theory]
    [InlineData("2026-11-30T02:41:00Z", "30 November 2026 at 02:41")]
    [InlineData("2026-07-31T23:30:00Z", "1 August 2026 at 00:30")]
    public void Moments_read_in_uk_time(string instant, string expected) =>
        Assert.Equal(expected, Formatting.Moment(DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture)));

    [Fact]
    public void The_forms_are_the_same_under_any_current_culture()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            var continental = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            continental.NumberFormat.NumberDecimalSeparator = ",";
            continental.NumberFormat.NumberGroupSeparator = ".";
            continental.DateTimeFormat.MonthNames = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre", ""];
            continental.DateTimeFormat.MonthGenitiveNames = continental.DateTimeFormat.MonthNames;
            CultureInfo.CurrentCulture = continental;

            Assert.Equal("22 November 2026", Formatting.Date(new DateOnly(2026, 11, 22)));
            Assert.Equal("2,000", Formatting.Count(2_000));
            Assert.Equal("2.4 MB", Formatting.FileSize(2_516_582));
            Assert.Equal("April to June 2026", Period.Parse("2026-27-Q1").Label);
            Assert.Equal("-£1,250", Formatting.Money(-1_250m));
            Assert.Equal("+12.5", Formatting.Signed(12.5m, 1));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void Ratings_read_as_their_colour()
    {
        Assert.Equal(["Grey", "Green", "Amber", "Red"], Enum.GetValues<Rag>().Select(Formatting.RagName));
    }
}
