using StrategyReports.Domain.Rollups;

namespace StrategyReports.Domain.Tests.Rollups;

public class RollupFingerprintTests
{
    private static readonly string Original = RollupFingerprint.Compute(Testshire.Strategy, 1, Testshire.Q2, Testshire.Inputs());

    [Fact]
    public void Is_a_sha256_that_ignores_input_order()
    {
        var inputs = Testshire.Inputs();
        var shuffled = new RollupInputs([.. inputs.Returns.Reverse()], [.. inputs.SurveyResponses.Reverse()]);

        Assert.Matches("^[0-9a-f]{64}$", Original);
        Assert.Equal(Original, RollupFingerprint.Compute(Testshire.Strategy, 1, Testshire.Q2, shuffled));
    }

    [Fact]
    public void Changes_with_a_resubmission_in_the_period_or_the_trend()
    {
        var resubmitted = Testshire.Returns().Append(Testshire.Return(Testshire.Q2, "council", 2, [], isLate: true)).ToList();
        var earlier = Testshire.Returns().Append(Testshire.Return(Testshire.Q1, "practice", 1, [])).ToList();

        Assert.NotEqual(Original, RollupFingerprint.Compute(Testshire.Strategy, 1, Testshire.Q2, new RollupInputs(resubmitted, Testshire.Responses())));
        Assert.NotEqual(Original, RollupFingerprint.Compute(Testshire.Strategy, 1, Testshire.Q2, new RollupInputs(earlier, Testshire.Responses())));
    }

    [Fact]
    public void Changes_with_the_strategy_version_and_a_new_response_in_scope()
    {
        var more = Testshire.Responses().Append(Testshire.Pulse("new", "council", new DateOnly(2025, 9, 30), 3, 3, 5)).ToList();

        Assert.NotEqual(Original, RollupFingerprint.Compute(Testshire.Strategy, 2, Testshire.Q2, Testshire.Inputs()));
        Assert.NotEqual(Original, RollupFingerprint.Compute(Testshire.Strategy, 1, Testshire.Q2, new RollupInputs(Testshire.Returns(), more)));
    }

    [Fact]
    public void Ignores_what_the_rollup_does_not_read()
    {
        var later = Testshire.Responses()
            .Append(Testshire.Pulse("next-quarter", "council", new DateOnly(2025, 12, 1), 3, 3, 5))
            .Append(Testshire.Pulse("stranger", "stranger", new DateOnly(2025, 8, 1), 3, 3, 5))
            .ToList();
        var returns = Testshire.Returns().Append(Testshire.Return(Testshire.Q2.Next(), "council", 1, [])).ToList();

        Assert.Equal(Original, RollupFingerprint.Compute(Testshire.Strategy, 1, Testshire.Q2, new RollupInputs(returns, later)));
    }
}
