using StrategyReports.Domain.Rollups;

namespace StrategyReports.Domain.Tests.Rollups;

/// <summary>How many returns are accepted, and what a strategy that counts only accepted returns leaves out.</summary>
public class AcceptedReturnsTests
{
    // Q2: big-trust v2 (280 vacancies), mh-trust 60, practice 1, council 20 = 361 when every return counts.
    private static readonly AcceptedReturn[] Accepted =
    [
        new("big-trust", Testshire.Q2, 2),
        new("council", Testshire.Q2, 1),
        new("mh-trust", Testshire.Q2, 1),

        // An acceptance of a superseded version does not accept the latest.
        new("practice", Testshire.Q1, 1),
    ];

    [Fact]
    public void Completeness_says_how_many_of_the_returns_received_are_accepted()
    {
        var rollup = Compute(Testshire.Strategy, Accepted);

        Assert.Equal((3, 4), (rollup.Completeness.Accepted, rollup.Completeness.Received));
        Assert.All(rollup.Programmes, p => Assert.True(p.Completeness.Accepted <= p.Completeness.Received));
        Assert.Equal(361m, Vacancies(rollup).Value);
    }

    [Fact]
    public void With_count_only_accepted_the_figures_leave_out_returns_not_yet_accepted_but_completeness_still_counts_them()
    {
        var strategy = Testshire.Strategy with { CountOnlyAccepted = true };

        var rollup = Compute(strategy, Accepted);

        // The practice's 1 vacancy is left out; it is still received, not missing.
        Assert.Equal(360m, Vacancies(rollup).Value);
        Assert.DoesNotContain("practice", Vacancies(rollup).Contributors);
        Assert.Equal(4, rollup.Completeness.Received);
        Assert.DoesNotContain(rollup.Completeness.Missing, p => p.Id == "practice");
        Assert.Contains(
            rollup.Programmes.SelectMany(p => p.DataQualityNotes),
            note => note.StartsWith("Only accepted returns count: 1 of 4 returns received", StringComparison.Ordinal) && note.EndsWith("not yet accepted, so their figures are left out: Small Practice.", StringComparison.Ordinal));
    }

    [Fact]
    public void With_nothing_accepted_count_only_accepted_counts_no_figures_and_the_default_counts_them_all()
    {
        Assert.Null(Vacancies(Compute(Testshire.Strategy with { CountOnlyAccepted = true }, [])).Value);
        Assert.Equal(361m, Vacancies(Compute(Testshire.Strategy, [])).Value);
    }

    [Fact]
    public void An_acceptance_changes_the_fingerprint_so_the_rollup_is_made_again()
    {
        var before = Compute(Testshire.Strategy, []);
        var after = Compute(Testshire.Strategy, Accepted);

        Assert.NotEqual(before.InputFingerprint, after.InputFingerprint);
        Assert.Equal(before.InputFingerprint, RollupFingerprint.Compute(Testshire.Strategy, 3, Testshire.Q2, Testshire.Inputs()));
    }

    private static PartnershipRollup Compute(Strategies.Strategy strategy, IReadOnlyCollection<AcceptedReturn> accepted) =>
        RollupCalculator.Compute(strategy, 3, Testshire.Q2, Testshire.Inputs() with { Accepted = accepted });

    private static MeasureRollup Vacancies(PartnershipRollup rollup) => rollup.Programmes.SelectMany(p => p.Measures).Single(m => m.MeasureId == "vacancies");
}
