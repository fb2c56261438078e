using StrategyReports.Domain.Returns;
using StrategyReports.Domain.Strategies;

namespace StrategyReports.Samples.Tests;

public class SampleReturnsTests
{
    public static TheoryData<string> Partnerships => ["bury", "wakefield", SampleStrategies.LargePartnershipId];

    [Fact]
    public void The_same_seed_gives_the_same_returns()
    {
        var again = SampleReturns.Generate(Samples.Bury, Samples.Bury.Periods, Samples.Seed);

        Assert.Equal(Samples.BuryReturns.Count, again.Count);
        for (var i = 0; i < again.Count; i++)
        {
            Assert.Equal(Samples.BuryReturns[i] with { Values = again[i].Values }, again[i]);
            Assert.Equal(Samples.BuryReturns[i].Values, again[i].Values);
        }
    }

    [Fact]
    public void Another_seed_gives_other_values()
    {
        var other = SampleReturns.Generate(Samples.Bury, Samples.Bury.Periods, Samples.Seed + 1);

        Assert.NotEqual(
            Samples.BuryReturns.SelectMany(item => item.Values.Values),
            other.SelectMany(item => item.Values.Values));
    }

    [Theory]
    [MemberData(nameof(Partnerships))]
    public void Every_return_reports_exactly_the_measures_for_its_partner_with_values_of_the_right_kind(string partnershipId)
    {
        var (strategy, returns) = For(partnershipId);

        Assert.All(returns, item =>
        {
            var partner = strategy.FindPartner(item.PartnerId)!;
            var expected = strategy.MeasuresFor(partner);
            Assert.Equal(expected.Select(measure => measure.Id).Order(), item.Values.Keys.Order());
            Assert.All(expected, measure => Assert.Equal(measure.Kind, item.Values[measure.Id].Kind));
            Assert.Equal(strategy.PartnershipId, item.PartnershipId);
            Assert.True(strategy.Covers(item.Period));
        });
    }

    [Theory]
    [MemberData(nameof(Partnerships))]
    public void Every_value_is_one_a_real_submission_could_give(string partnershipId)
    {
        var (strategy, returns) = For(partnershipId);

        Assert.All(returns.SelectMany(item => item.Values), pair =>
        {
            var measure = strategy.FindMeasure(pair.Key)!;
            switch (pair.Value)
            {
                case CountValue count:
                    Assert.True(count.Value >= 0);
                    break;
                case AmountValue amount:
                    Assert.True(amount.Value >= 0);
                    Assert.Equal(Math.Round(amount.Value, 2), amount.Value);
                    break;
                case RatioValue ratio:
                    Assert.True(ratio.Numerator >= 0);
                    Assert.True(ratio.Denominator > 0);
                    Assert.True(!measure.IsProportion || ratio.Numerator <= ratio.Denominator, $"{measure.Id}: {ratio}");
                    break;
                case YesNoValue:
                    break;
                default:
                    Assert.Fail($"Unexpected value {pair.Value}");
                    break;
            }
        });
    }

    [Theory]
    [MemberData(nameof(Partnerships))]
    public void Every_return_is_labelled_sample_data_and_dated_inside_its_window(string partnershipId)
    {
        var (strategy, returns) = For(partnershipId);

        Assert.All(returns, item =>
        {
            var window = strategy.Calendar.WindowFor(item.Period);
            Assert.True(item.IsSampleData);
            Assert.Equal(QuarterlyReturn.SampleDataSubmitter, item.SubmittedBy);
            Assert.Equal(SampleReturns.StrategyVersion, item.StrategyVersion);
            Assert.InRange(item.SubmittedAt, window.Opens, window.Closes.AddTicks(-1));
            Assert.Equal(item.SubmittedAt >= window.Due, item.IsLate);
            Assert.Equal(TimeSpan.Zero, item.SubmittedAt.Offset);
        });
    }

    [Theory]
    [MemberData(nameof(Partnerships))]
    public void Each_quarter_a_few_are_late_one_or_two_are_missing_and_one_resubmits_a_changed_value(string partnershipId)
    {
        var (strategy, returns) = For(partnershipId);

        foreach (var period in strategy.Periods)
        {
            var quarter = returns.Where(item => item.Period == period).ToList();
            var firsts = quarter.Where(item => item.Version == 1).ToList();
            var missing = strategy.Partners.Count - firsts.Count;
            Assert.InRange(missing, 1, 2);
            Assert.Equal(firsts.Count, firsts.Select(item => item.PartnerId).Distinct().Count());
            Assert.InRange(firsts.Count(item => item.IsLate), 1, Math.Max(2, strategy.Partners.Count / 10));

            var second = Assert.Single(quarter, item => item.Version == 2);
            var original = firsts.Single(item => item.PartnerId == second.PartnerId);
            Assert.True(second.SubmittedAt > original.SubmittedAt);
            Assert.Single(original.Values, pair => !Equals(second.Values[pair.Key], pair.Value));
            Assert.Equal(original.Values.Keys.Order(), second.Values.Keys.Order());
        }
    }

    [Theory]
    [MemberData(nameof(Partnerships))]
    public void Narratives_are_filled_and_never_identical_across_partners_in_a_quarter(string partnershipId)
    {
        var (strategy, returns) = For(partnershipId);

        foreach (var quarter in returns.Where(item => item.Version == 1).GroupBy(item => item.Period))
        {
            Assert.All(quarter, item =>
            {
                Assert.False(string.IsNullOrWhiteSpace(item.Narrative.Achievements));
                Assert.False(string.IsNullOrWhiteSpace(item.Narrative.NextSteps));
                Assert.False(string.IsNullOrWhiteSpace(item.Narrative.Risks));
                Assert.DoesNotContain("{", item.Narrative.Achievements + item.Narrative.NextSteps + item.Narrative.Risks, StringComparison.Ordinal);
            });
            Assert.Equal(quarter.Count(), quarter.Select(item => item.Narrative.Achievements).Distinct().Count());
        }

        Assert.Contains(returns, item => item.Narrative.Achievements!.Contains(SampleNarrativesPlace(strategy), StringComparison.Ordinal));
        Assert.True(returns.Select(item => item.Narrative.Risks).Distinct().Count() >= 5);
    }

    [Fact]
    public void Narratives_speak_of_the_place_the_strategy_is_for()
    {
        Assert.Contains(Samples.BuryReturns, item => item.Narrative.Achievements!.Contains("Bury Health and Care Academy", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(" apprentices started on ", "apprenticeships-started")]
    [InlineData(" leaders completed wellbeing conversation training", "leaders-wellbeing-conversation-trained")]
    [InlineData(" staff completed the Oliver McGowan", "oliver-mcgowan-trained")]
    public void Figures_in_narratives_agree_with_the_returns_own_values(string phrase, string measureId)
    {
        var mentioning = Samples.BuryReturns.Where(item => item.Version == 1 && item.Narrative.Achievements!.Contains(phrase, StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(mentioning);
        Assert.All(mentioning, item =>
        {
            var sentence = item.Narrative.Achievements!.Split(". ").Single(part => part.Contains(phrase, StringComparison.Ordinal));
            var figure = long.Parse(sentence.Split(' ')[0], System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(((CountValue)item.Values[measureId]).Value, figure);
        });
    }

    [Fact]
    public void An_acute_trusts_counts_dwarf_a_small_care_providers()
    {
        var latest = Samples.Latest(Samples.LargeReturns);
        var acute = latest.Where(item => Samples.Large.FindPartner(item.PartnerId)!.Sector == Sector.Acute).ToList();
        var careHomes = latest.Where(item => Samples.Large.FindPartner(item.PartnerId) is { Sector: Sector.CareProvider, Headcount: <= 40 }).ToList();

        foreach (var measure in Samples.Large.Measures.Where(measure => measure.Kind == MeasureKind.Count && measure.AppliesToSectors.Count == 0))
        {
            var acuteMean = acute.Average(item => ((CountValue)item.Values[measure.Id]).Value);
            var careHomeMean = careHomes.Average(item => ((CountValue)item.Values[measure.Id]).Value);
            Assert.True(acuteMean > 20 * careHomeMean, $"{measure.Id}: acute {acuteMean}, care home {careHomeMean}");
        }

        var trust = Samples.Latest(Samples.BuryReturns).Where(item => item.PartnerId == "nca");
        var vcfa = Samples.Latest(Samples.BuryReturns).Where(item => item.PartnerId == "vcfa");
        Assert.True(
            trust.Average(item => ((CountValue)item.Values["leaders-in-development"]).Value)
            > 10 * vcfa.Average(item => ((CountValue)item.Values["leaders-in-development"]).Value));
    }

    [Theory]
    [MemberData(nameof(Partnerships))]
    public void Days_available_follow_headcount_and_working_days(string partnershipId)
    {
        var (strategy, returns) = For(partnershipId);
        var sickness = strategy.Measures.First(measure => measure.DenominatorLabel == "Working days available");

        Assert.All(returns.Where(item => item.Values.ContainsKey(sickness.Id)), item =>
        {
            var headcount = strategy.FindPartner(item.PartnerId)!.Headcount;
            var ratio = (RatioValue)item.Values[sickness.Id];
            Assert.InRange((double)ratio.Denominator, headcount * 50.0, headcount * 60.0);
            Assert.InRange((double)(ratio.Numerator / ratio.Denominator), 0.01, 0.12);
        });
    }

    [Theory]
    [MemberData(nameof(Partnerships))]
    public void Partnership_values_spread_around_their_targets_so_some_are_green_some_amber_and_some_red(string partnershipId)
    {
        var (strategy, returns) = For(partnershipId);
        var latest = Samples.Latest(returns);
        var bands = new List<int>();
        foreach (var period in strategy.Periods)
        {
            foreach (var measure in strategy.Measures.Where(measure => measure.IsSubmitted && measure.TargetFor(period) is not null))
            {
                var target = measure.TargetFor(period)!.Value;
                var value = Samples.PartnershipValue(measure, latest, period)!.Value;
                var shortfall = (measure.Direction == Direction.HigherIsBetter ? target - value : value - target)
                    / Math.Max(measure.AmberTolerance.AllowanceFor(target), 0.0001m);
                bands.Add(shortfall <= 0 ? 0 : shortfall <= 1 ? 1 : 2);

                // Near the target: a sample never strays to absurd multiples of it.
                Assert.InRange(value, 0m, Math.Max(10m, target * 3m));
            }
        }

        Assert.All(new[] { 0, 1, 2 }, band => Assert.True(bands.Count(item => item == band) >= bands.Count / 10, $"band {band}: {bands.Count(item => item == band)} of {bands.Count}"));
    }

    [Fact]
    public void A_period_outside_the_span_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            SampleReturns.Generate(Samples.Bury, [Samples.Bury.LastPeriod.Next()], Samples.Seed));
    }

    private static string SampleNarrativesPlace(Strategy strategy) => strategy.PartnershipId switch
    {
        "bury" => "Bury",
        "wakefield" => "Wakefield",
        _ => "Greater Manchester",
    };

    private static (Strategy Strategy, IReadOnlyList<QuarterlyReturn> Returns) For(string partnershipId) => partnershipId switch
    {
        "bury" => (Samples.Bury, Samples.BuryReturns),
        "wakefield" => (Samples.Wakefield, Samples.WakefieldReturns),
        _ => (Samples.Large, Samples.LargeReturns),
    };
}
