namespace StrategyReports.Surveys.Tests;

public class SuppressionTests
{
    private const int Minimum = 11;

    [Theory]
    [InlineData(null, 11)]
    [InlineData(11, 11)]
    [InlineData(20, 20)]
    [InlineData(5, 5)]
    [InlineData(4, 5)]
    [InlineData(0, 5)]
    [InlineData(-3, 5)]
    public void Effective_minimum_defaults_to_11_and_is_never_below_5(int? declared, int expected) =>
        Assert.Equal(expected, Suppression.EffectiveMinimum(declared));

    [Fact]
    public void Groups_at_or_above_the_minimum_are_all_shown()
    {
        var decision = Suppression.Decide(45, [11, 14, 20], Minimum);

        Assert.Null(decision.Total);
        Assert.All(decision.Groups, Assert.Null);
    }

    [Fact]
    public void One_small_group_hides_the_next_smallest_so_subtraction_gives_only_their_sum()
    {
        // 63 - 40 would give the 3 away if only the small group were hidden.
        var decision = Suppression.Decide(63, [3, 40, 20], Minimum);

        Assert.Null(decision.Total);
        Assert.Equal([SuppressionReason.BelowMinimum, null, SuppressionReason.Complementary], decision.Groups);
    }

    [Fact]
    public void Two_small_groups_summing_to_the_minimum_protect_each_other()
    {
        var decision = Suppression.Decide(41, [5, 6, 30], Minimum);

        Assert.Equal([SuppressionReason.BelowMinimum, SuppressionReason.BelowMinimum, null], decision.Groups);
    }

    [Fact]
    public void Two_small_groups_summing_below_the_minimum_hide_a_third()
    {
        // Hiding only 2 and 3 would publish their sum, 5: a figure about five people.
        var decision = Suppression.Decide(67, [2, 3, 50, 12], Minimum);

        Assert.Equal(
            [SuppressionReason.BelowMinimum, SuppressionReason.BelowMinimum, null, SuppressionReason.Complementary],
            decision.Groups);
    }

    [Fact]
    public void The_smallest_shown_group_is_hidden_beside_a_small_one_ties_going_to_the_first_listed()
    {
        var decision = Suppression.Decide(47, [3, 20, 12, 12], Minimum);

        Assert.Equal([SuppressionReason.BelowMinimum, null, SuppressionReason.Complementary, null], decision.Groups);
    }

    [Fact]
    public void All_groups_small_but_total_large_shows_only_the_total()
    {
        var decision = Suppression.Decide(24, [8, 7, 9], Minimum);

        Assert.Null(decision.Total);
        Assert.All(decision.Groups, reason => Assert.Equal(SuppressionReason.BelowMinimum, reason));
    }

    [Fact]
    public void A_total_below_the_minimum_hides_the_total_and_every_group()
    {
        var decision = Suppression.Decide(10, [4, 6], Minimum);

        Assert.Equal(SuppressionReason.BelowMinimum, decision.Total);
        Assert.All(decision.Groups, reason => Assert.Equal(SuppressionReason.BelowMinimum, reason));
    }

    [Fact]
    public void Groups_with_no_responses_are_shown_and_do_not_count_as_protection()
    {
        // The empty groups hide nothing: the 4 still needs a real group hidden beside it.
        var decision = Suppression.Decide(34, [0, 4, 0, 30], Minimum);

        Assert.Equal([null, SuppressionReason.BelowMinimum, null, SuppressionReason.Complementary], decision.Groups);
    }

    [Fact]
    public void No_responses_at_all_hides_nothing()
    {
        var decision = Suppression.Decide(0, [0, 0], Minimum);

        Assert.Null(decision.Total);
        Assert.All(decision.Groups, Assert.Null);
    }

    [Fact]
    public void A_forced_group_counts_towards_the_remainder()
    {
        // Group 1 is hidden elsewhere; with it the 2 is already pooled with 12.
        var decision = Suppression.Decide(64, [2, 12, 50], Minimum, new HashSet<int> { 1 });

        Assert.Equal([SuppressionReason.BelowMinimum, SuppressionReason.Complementary, null], decision.Groups);
    }

    [Fact]
    public void A_forced_group_alone_is_hidden_without_hiding_others()
    {
        var decision = Suppression.Decide(62, [12, 50], Minimum, new HashSet<int> { 0 });

        Assert.Equal([SuppressionReason.Complementary, null], decision.Groups);
    }

    [Fact]
    public void A_total_that_is_not_the_sum_of_its_groups_is_refused() =>
        Assert.Throws<ArgumentException>(() => Suppression.Decide(50, [20, 20], Minimum));

    [Fact]
    public void A_minimum_below_five_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Suppression.Decide(20, [20], 3));

    [Fact]
    public void No_hidden_small_group_can_be_worked_out_from_what_is_shown_for_random_data()
    {
        var random = new Random(20261122);
        for (var trial = 0; trial < 20_000; trial++)
        {
            var minimum = random.Next(Suppression.SmallestMinimumGroupSize, 16);
            var groups = Enumerable.Range(0, random.Next(1, 9))
                .Select(_ => random.Next(4) == 0 ? 0 : random.Next(1, random.Next(2) == 0 ? minimum : 60))
                .ToList();
            var total = groups.Sum();
            var forced = Enumerable.Range(0, groups.Count).Where(_ => random.Next(10) == 0).ToHashSet();

            var decision = Suppression.Decide(total, groups, minimum, forced);

            AssertNothingRecoverable(groups, minimum, decision, $"trial {trial}: [{string.Join(", ", groups)}], minimum {minimum}");
        }
    }

    /// <summary>
    /// Plays the attacker, who sees the shown total, the shown groups, which groups are hidden,
    /// and that every hidden group has at least one response (empty groups are shown).
    /// </summary>
    private static void AssertNothingRecoverable(List<int> groups, int minimum, SuppressionDecision decision, string because)
    {
        var total = groups.Sum();
        for (var i = 0; i < groups.Count; i++)
        {
            var small = groups[i] > 0 && groups[i] < minimum;
            Assert.True(!small || !decision.IsShown(i), $"a small group is shown ({because})");
        }

        if (decision.Total is not null)
        {
            Assert.True(total < minimum, $"a large total is hidden ({because})");
            return;
        }

        var hidden = Enumerable.Range(0, groups.Count).Where(i => !decision.IsShown(i) && groups[i] > 0).ToList();
        var remainder = total - Enumerable.Range(0, groups.Count).Where(decision.IsShown).Sum(i => groups[i]);
        Assert.Equal(hidden.Sum(i => groups[i]), remainder);
        if (!hidden.Any(i => groups[i] < minimum))
        {
            return;
        }

        Assert.True(remainder >= minimum, $"the remainder {remainder} is itself a small group ({because})");

        // Each hidden group is at least 1, so one of k ≥ 2 hidden groups lies anywhere in 1 … remainder - (k - 1).
        Assert.True(hidden.Count >= 2, $"a single hidden group equals the remainder ({because})");
        var largestPossible = remainder - (hidden.Count - 1);
        Assert.True(largestPossible > 1, $"a hidden group's count is pinned down ({because})");
    }
}
