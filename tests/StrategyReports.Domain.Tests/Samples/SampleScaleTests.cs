using System.Diagnostics;
using StrategyReports.Domain.Samples;
using Xunit.Abstractions;

namespace StrategyReports.Domain.Tests.Samples;

/// <summary>
/// The large partnership the rollup benchmark needs, generated fast enough to build in a test. Run
/// alone and timed in processor time, because the machine's other work stretches wall-clock time.
/// </summary>
[CollectionDefinition(nameof(SampleScaleTests), DisableParallelization = true)]
[Collection(nameof(SampleScaleTests))]
public class SampleScaleTests(ITestOutputHelper output)
{
    private static readonly TimeSpan WellUnderAFewSeconds = TimeSpan.FromSeconds(2);

    [Fact]
    public void The_large_partnership_has_200_partners_by_40_ish_measures_by_8_quarters_of_returns_in_well_under_a_few_seconds()
    {
        var clock = ProcessorClock.Start();
        var strategy = SampleStrategies.Large(seed: 11);
        var returns = SampleReturns.Generate(strategy, strategy.Periods, 11);
        var elapsed = clock.Stop();
        output.WriteLine($"Large strategy and {returns.Count} returns ({returns.Sum(item => item.Values.Count)} values): {clock}");

        var latest = Samples.Latest(returns);
        Assert.InRange(latest.Count, (200 - 2) * 8, (200 - 1) * 8);
        Assert.InRange(latest.Average(item => item.Values.Count), 25, 35);
        Assert.Equal(8, latest.Select(item => item.Period).Distinct().Count());
        Assert.True(elapsed < WellUnderAFewSeconds, clock.ToString());
    }

    [Fact]
    public void A_hundred_thousand_survey_responses_come_in_well_under_a_few_seconds()
    {
        var strategy = Samples.Large;
        var survey = strategy.FindSurvey("staff-pulse")!;

        var clock = ProcessorClock.Start();
        var responses = SampleSurveyResponses.Generate(strategy, survey, strategy.Periods, 100_000, 11);
        var elapsed = clock.Stop();
        output.WriteLine($"100,000 responses: {clock}");

        Assert.Equal(100_000, responses.Count);
        Assert.Equal(200, responses.Select(response => response.PartnerId).Distinct().Count());
        Assert.True(elapsed < WellUnderAFewSeconds, clock.ToString());
    }

    /// <summary>Processor time used by the test process (which runs nothing else meanwhile), and wall-clock time for the record.</summary>
    private sealed class ProcessorClock
    {
        private readonly TimeSpan _startProcessor = Process.GetCurrentProcess().TotalProcessorTime;
        private readonly Stopwatch _wall = Stopwatch.StartNew();
        private TimeSpan _processor;

        public static ProcessorClock Start() => new();

        public TimeSpan Stop()
        {
            _wall.Stop();
            _processor = Process.GetCurrentProcess().TotalProcessorTime - _startProcessor;
            return _processor;
        }

        public override string ToString() => $"{_processor.TotalMilliseconds:N0} ms processor, {_wall.ElapsedMilliseconds:N0} ms wall clock";
    }
}
