using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Domain.Strategies;
using StrategyReports.TestSupport;

namespace StrategyReports.Samples.Tests;

/// <summary>Strategies and generated data shared by the sample-data tests, built once.</summary>
internal static class Samples
{
    public const int Seed = 2026;

    private static readonly Lazy<Strategy> BuryLazy = new(() =>
        StrategyDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("strategies", "bury.yaml")), StrategyFormat.Yaml).Strategy!);

    private static readonly Lazy<Strategy> WakefieldLazy = new(() =>
        StrategyDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("strategies", "wakefield.yaml")), StrategyFormat.Yaml).Strategy!);

    private static readonly Lazy<Strategy> LargeLazy = new(() => SampleStrategies.Large());

    private static readonly Lazy<IReadOnlyList<QuarterlyReturn>> BuryReturnsLazy = new(() =>
        SampleReturns.Generate(Bury, Bury.Periods, Seed));

    private static readonly Lazy<IReadOnlyList<QuarterlyReturn>> LargeReturnsLazy = new(() =>
        SampleReturns.Generate(Large, Large.Periods, Seed));

    private static readonly Lazy<IReadOnlyList<QuarterlyReturn>> WakefieldReturnsLazy = new(() =>
        SampleReturns.Generate(Wakefield, Wakefield.Periods, Seed));

    public static Strategy Bury => BuryLazy.Value;

    public static Strategy Wakefield => WakefieldLazy.Value;

    public static Strategy Large => LargeLazy.Value;

    public static IReadOnlyList<QuarterlyReturn> BuryReturns => BuryReturnsLazy.Value;

    public static IReadOnlyList<QuarterlyReturn> LargeReturns => LargeReturnsLazy.Value;

    public static IReadOnlyList<QuarterlyReturn> WakefieldReturns => WakefieldReturnsLazy.Value;

    /// <summary>The version that counts: the latest of each partner's returns for each period.</summary>
    public static IReadOnlyList<QuarterlyReturn> Latest(IEnumerable<QuarterlyReturn> returns) =>
        [.. returns.GroupBy(item => (item.Period, item.PartnerId)).Select(group => group.MaxBy(item => item.Version)!)];

    /// <summary>A measure's partnership value from the latest returns, as a rollup reads it.</summary>
    public static decimal? PartnershipValue(SuccessMeasure measure, IEnumerable<QuarterlyReturn> latest, Period period)
    {
        var values = latest.Where(item => item.Period == period && item.Values.ContainsKey(measure.Id)).Select(item => item.Values[measure.Id]).ToList();
        return measure.Kind switch
        {
            MeasureKind.Count => values.Cast<CountValue>().Sum(value => value.Value),
            MeasureKind.Amount => values.Cast<AmountValue>().Sum(value => value.Value),
            MeasureKind.Ratio => measure.RatioValue(values.Cast<RatioValue>().Sum(value => value.Numerator), values.Cast<RatioValue>().Sum(value => value.Denominator)),
            MeasureKind.YesNo => values.Count == 0 ? null : 100m * values.Cast<YesNoValue>().Count(value => value.Value) / values.Count,
            _ => null,
        };
    }
}
