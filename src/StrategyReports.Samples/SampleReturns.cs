using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Domain.Strategies;

namespace StrategyReports.Samples;

/// <summary>
/// Plausible quarterly returns for a strategy, labelled as sample data
/// (<see cref="QuarterlyReturn.SampleDataSubmitter"/>). Values are sized by each partner's share of the
/// reporting partners' headcount, sit near the measure's target with a gentle trend and some noise (so
/// some measures come out green, some amber, some red), and each quarter a few partners are late,
/// one or two are missing and one resubmits with a changed value.
/// </summary>
public static class SampleReturns
{
    /// <summary>The strategy version generated returns say they were checked against.</summary>
    public const int StrategyVersion = 1;

    /// <summary>Working days in a quarter, less bank holidays: the scale of "days available".</summary>
    private const double WorkingDaysPerQuarter = 63;

    /// <summary>Whole-time equivalent staff per head: many health and care staff work part time.</summary>
    private const double WholeTimePerHead = 0.87;

    /// <summary>Returns for every period, deterministic by <paramref name="seed"/>: every version, in period then partner order.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A period is outside the strategy's span, so no real return could be submitted for it.</exception>
    public static IReadOnlyList<QuarterlyReturn> Generate(Strategy strategy, IEnumerable<Period> periods, int seed) =>
        Generate(strategy, periods, seed, notAfter: null);

    /// <summary>As <see cref="Generate(Strategy, IEnumerable{Period}, int)"/>, leaving out submissions that would come after <paramref name="notAfter"/>.</summary>
    internal static IReadOnlyList<QuarterlyReturn> Generate(Strategy strategy, IEnumerable<Period> periods, int seed, DateTimeOffset? notAfter)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(periods);
        var reportingHeadcount = strategy.Measures
            .Where(measure => measure.IsSubmitted)
            .ToDictionary(measure => measure.Id, measure => Math.Max(1L, strategy.PartnersReporting(measure).Sum(partner => (long)partner.Headcount)));
        var measuresFor = strategy.Partners.ToDictionary(partner => partner.Id, strategy.MeasuresFor);
        var returns = new List<QuarterlyReturn>();
        foreach (var period in periods.Distinct().Order())
        {
            if (!strategy.Covers(period))
            {
                throw new ArgumentOutOfRangeException(nameof(periods), period, $"{period} is outside the reporting span {strategy.FirstPeriod} to {strategy.LastPeriod}.");
            }

            var generator = new QuarterGenerator(strategy, period, seed, reportingHeadcount, measuresFor);
            returns.AddRange(generator.Returns().Where(item => notAfter is null || item.SubmittedAt <= notAfter));
        }

        return returns;
    }

    /// <summary>The target a measure's values are generated around: the period's, else the nearest one the strategy gives.</summary>
    internal static decimal? TargetNear(SuccessMeasure measure, Period period)
    {
        if (measure.TargetFor(period) is { } target)
        {
            return target;
        }

        if (measure.Trajectory is { } trajectory)
        {
            return trajectory.BaselineValue;
        }

        return measure.Targets.Count == 0
            ? null
            : measure.Targets.MinBy(pair => (Math.Abs(period.QuartersUntil(pair.Key)), pair.Key)).Value;
    }

    /// <summary>
    /// How well the partnership does on a measure in a period, in amber bands: above 0 is better than
    /// target, -1 to 0 within the amber band, below -1 red. Fixed per measure, with a gentle trend.
    /// </summary>
    internal static double Performance(Strategy strategy, SuccessMeasure measure, Period period, int seed)
    {
        var level = -1.8 + (3.4 * SampleRandom.Fixed(seed, "performance", measure.Id));
        var trend = (SampleRandom.Fixed(seed, "trend", measure.Id) - 0.5) * 0.3;
        return level + (trend * strategy.FirstPeriod.QuartersUntil(period));
    }

    private sealed class QuarterGenerator(
        Strategy strategy,
        Period period,
        int seed,
        IReadOnlyDictionary<string, long> reportingHeadcount,
        IReadOnlyDictionary<string, IReadOnlyList<SuccessMeasure>> measuresFor)
    {
        private readonly ReturnsWindow window = strategy.Calendar.WindowFor(period);
        private readonly HashSet<string> narratives = new(StringComparer.Ordinal);

        public IEnumerable<QuarterlyReturn> Returns()
        {
            var random = SampleRandom.For(seed, "quarter", period.Id);
            var partners = strategy.Partners;
            var order = Enumerable.Range(0, partners.Count).ToArray();
            random.Shuffle(order);
            var missing = partners.Count >= 4 ? 1 + random.Next(2) : 0;
            var late = partners.Count >= 3 ? Math.Max(1 + random.Next(2), (int)Math.Round(partners.Count * 0.05)) : 0;
            var resubmitter = partners.Count >= 2 ? order[missing + late] : -1;
            var missingSet = order.Take(missing).ToHashSet();
            var lateSet = order.Skip(missing).Take(late).ToHashSet();

            for (var index = 0; index < partners.Count; index++)
            {
                if (missingSet.Contains(index))
                {
                    continue;
                }

                var partner = partners[index];
                var partnerRandom = SampleRandom.For(seed, "return", period.Id, partner.Id);
                var submittedAt = SubmissionTime(partnerRandom, lateSet.Contains(index));
                var values = Values(partner, partnerRandom);
                var first = new QuarterlyReturn(
                    strategy.PartnershipId,
                    period,
                    partner.Id,
                    1,
                    StrategyVersion,
                    values,
                    SampleNarratives.Compose(strategy, partner, period, values, partnerRandom, narratives),
                    QuarterlyReturn.SampleDataSubmitter,
                    submittedAt,
                    submittedAt >= window.Due);
                yield return first;

                if (index == resubmitter && Corrected(first.Values, partner, partnerRandom) is { } corrected)
                {
                    // A correction a few days later, still before the window closes.
                    var again = Earlier(submittedAt.AddDays(1 + partnerRandom.Next(4)), window.Closes.AddHours(-1));
                    yield return first with { Version = 2, Values = corrected, SubmittedAt = again, IsLate = again >= window.Due };
                }
            }
        }

        private DateTimeOffset SubmissionTime(Random random, bool isLate)
        {
            var (from, to) = isLate ? (window.Due, window.Closes) : (window.Opens, window.Due);
            // On time mostly in the last fortnight before the due date; late mostly in the first days after it.
            var fraction = isLate ? 0.05 + (0.6 * random.NextDouble()) : 0.45 + (0.5 * random.NextDouble());
            var at = from + ((to - from) * fraction);
            return new DateTimeOffset(at.Ticks - (at.Ticks % TimeSpan.TicksPerMinute), at.Offset).ToUniversalTime();
        }

        private static DateTimeOffset Earlier(DateTimeOffset left, DateTimeOffset right) => left < right ? left : right;

        private Dictionary<string, MeasureValue> Values(Partner partner, Random random)
        {
            var values = new Dictionary<string, MeasureValue>(StringComparer.Ordinal);
            foreach (var measure in measuresFor[partner.Id])
            {
                values[measure.Id] = Value(measure, partner, random);
            }

            return values;
        }

        private MeasureValue Value(SuccessMeasure measure, Partner partner, Random random)
        {
            var share = (double)partner.Headcount / reportingHeadcount[measure.Id];
            var target = (double)(TargetNear(measure, period) ?? DefaultTarget(measure));
            var allowance = (double)measure.AmberTolerance.AllowanceFor((decimal)target);
            if (allowance <= 0)
            {
                allowance = Math.Max(Math.Abs(target) * 0.05, 0.5);
            }

            var better = measure.Direction == Direction.HigherIsBetter ? 1 : -1;
            var performance = Performance(strategy, measure, period, seed);
            if (measure.Kind == MeasureKind.YesNo)
            {
                // Partners adopt in a fixed order as the partnership's share saying yes grows, so a yes tends to stay a yes.
                var saysYes = Math.Clamp((target + (better * performance * allowance)) / 100, 0.5, 0.97);
                return new YesNoValue(SampleRandom.Fixed(seed, "adopts", measure.Id, partner.Id) < saysYes);
            }

            // Each partner sits a little above or below the partnership, and moves a little each quarter.
            var partnerLean = ((SampleRandom.Fixed(seed, "lean", measure.Id, partner.Id) - 0.5) * 1.2) + (random.Normal() * 0.35);
            var level = Math.Max(0, target + (better * (performance + partnerLean) * allowance));
            return measure.Kind switch
            {
                MeasureKind.Count => new CountValue(random.RoundRandomly(level * share)),
                MeasureKind.Amount => new AmountValue(Math.Round((decimal)(level * share), 0)),
                MeasureKind.Ratio => Ratio(measure, partner, level, random),
                _ => throw new InvalidOperationException($"{measure.Kind} measures are not submitted."),
            };
        }

        private decimal DefaultTarget(SuccessMeasure measure) => measure.Kind switch
        {
            MeasureKind.Count => Math.Max(1, reportingHeadcount[measure.Id] / 100),
            MeasureKind.Amount => reportingHeadcount[measure.Id] * 100,
            MeasureKind.Ratio => measure.Unit == SuccessMeasure.PercentUnit ? 5 : 1,
            _ => 75,
        };

        private static RatioValue Ratio(SuccessMeasure measure, Partner partner, double level, Random random)
        {
            var label = measure.DenominatorLabel ?? string.Empty;
            var size = Math.Max(1, partner.Headcount) * (0.97 + (0.06 * random.NextDouble()));
            var (denominator, decimals) =
                label.Contains("day", StringComparison.OrdinalIgnoreCase) ? (Math.Round(size * WholeTimePerHead * WorkingDaysPerQuarter), 0)
                : label.Contains("WTE", StringComparison.OrdinalIgnoreCase) ? (Math.Round(size * WholeTimePerHead, 1), 1)
                : (Math.Round(size), 0);
            var quotient = measure.Unit == SuccessMeasure.PercentUnit ? level / 100 : level;
            var numerator = Math.Round(denominator * quotient, decimals);
            if (measure.IsProportion)
            {
                numerator = Math.Min(numerator, denominator);
            }

            return new RatioValue((decimal)numerator, (decimal)denominator);
        }

        /// <summary>The values with one corrected, as a partner resubmitting after spotting a mistake would send.</summary>
        private static Dictionary<string, MeasureValue>? Corrected(IReadOnlyDictionary<string, MeasureValue> values, Partner partner, Random random)
        {
            var ids = values.Keys.Order(StringComparer.Ordinal).ToList();
            if (ids.Count == 0)
            {
                return null;
            }

            var id = random.Pick(ids);
            var corrected = new Dictionary<string, MeasureValue>(values, StringComparer.Ordinal)
            {
                [id] = values[id] switch
                {
                    CountValue count => new CountValue(count.Value + 1 + random.Next(Math.Max(2, partner.Headcount / 500))),
                    AmountValue amount => new AmountValue(Math.Round(amount.Value * 1.04m, 0) + 100),
                    RatioValue ratio => ratio with { Numerator = ratio.Numerator > 0 ? ratio.Numerator - 1 : Math.Min(1, ratio.Denominator) },
                    YesNoValue yesNo => new YesNoValue(!yesNo.Value),
                    var other => other,
                },
            };
            return corrected;
        }
    }
}
