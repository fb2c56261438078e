namespace StrategyReports.Surveys;

/// <summary>
/// Small-number suppression rules shared by every output (API, HTML, PDF, CSV).
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Decide"/> works on one total and the groups it is made of (for a survey: all
/// responses, and the partners' responses). The rule it implements:
/// </para>
/// <list type="number">
/// <item>If the total is below the minimum, the total and every group with any responses are
/// suppressed.</item>
/// <item>Otherwise every group with at least one but fewer than the minimum responses is
/// suppressed (<see cref="SuppressionReason.BelowMinimum"/>), as is every group the caller
/// forces (a group already suppressed at another level).</item>
/// <item>The remainder — the shown total minus the shown groups, which is what anyone can work
/// out — must then be zero or at least the minimum. When it is between the two, the smallest
/// group still shown is suppressed as well (<see cref="SuppressionReason.Complementary"/>);
/// that one is enough, since every group still shown holds at least the minimum.</item>
/// </list>
/// <para>
/// So whenever a group below the minimum is hidden, at least two groups with responses are
/// hidden and together they hold at least the minimum: subtraction yields only their joint
/// count, which is itself a group large enough to show.
/// </para>
/// <para>
/// A group with no responses is never suppressed: it has no answers to protect, and its zero
/// can be worked out anyway whenever the remainder is zero.
/// </para>
/// <para>
/// Outputs for the public show one wording for both reasons ("hidden: fewer than N responses,
/// or to protect a smaller group"). Telling the reasons apart would narrow the range a hidden
/// count can lie in: a complementary group is known to hold at least the minimum.
/// </para>
/// <para>
/// One total with one set of groups is handled. A total split two ways at once (say by partner
/// and by sector) needs the rule applied to each split with the other's decisions forced in,
/// repeated until nothing changes.
/// </para>
/// </remarks>
public static partial class Suppression
{
    /// <summary>The default minimum group size when a survey does not set one.</summary>
    public const int DefaultMinimumGroupSize = 11;

    /// <summary>No survey may set a minimum below this.</summary>
    public const int SmallestMinimumGroupSize = 5;

    /// <summary>The minimum a survey actually uses: its declared minimum, never below 5, 11 when not declared.</summary>
    public static int EffectiveMinimum(int? declared) =>
        declared is { } value ? Math.Max(value, SmallestMinimumGroupSize) : DefaultMinimumGroupSize;

    /// <summary>Decides which of a total's groups to hide.</summary>
    /// <param name="total">Responses in the total; the sum of <paramref name="groups"/>.</param>
    /// <param name="groups">Responses in each group, in the order the output lists them.</param>
    /// <param name="minimum">The effective minimum group size (see <see cref="EffectiveMinimum"/>).</param>
    /// <param name="forced">Indexes of groups that must be hidden whatever their size; reported as <see cref="SuppressionReason.Complementary"/>.</param>
    public static SuppressionDecision Decide(
        int total,
        IReadOnlyList<int> groups,
        int minimum,
        IReadOnlySet<int>? forced = null)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimum, SmallestMinimumGroupSize);
        if (groups.Any(count => count < 0))
        {
            throw new ArgumentException("A group cannot have a negative number of responses.", nameof(groups));
        }

        if (groups.Sum() != total)
        {
            throw new ArgumentException("The total must be the sum of its groups; anything else is an unprotected hidden group.", nameof(total));
        }

        var reasons = new SuppressionReason?[groups.Count];
        if (total < minimum)
        {
            for (var i = 0; i < groups.Count; i++)
            {
                reasons[i] = groups[i] > 0 ? SuppressionReason.BelowMinimum : null;
            }

            return new SuppressionDecision(total > 0 ? SuppressionReason.BelowMinimum : null, reasons);
        }

        var remainder = 0;
        for (var i = 0; i < groups.Count; i++)
        {
            if (forced?.Contains(i) == true)
            {
                reasons[i] = SuppressionReason.Complementary;
            }
            else if (groups[i] > 0 && groups[i] < minimum)
            {
                reasons[i] = SuppressionReason.BelowMinimum;
            }

            remainder += reasons[i] is null ? 0 : groups[i];
        }

        if (remainder > 0 && remainder < minimum)
        {
            reasons[SmallestShownGroup(groups, reasons)] = SuppressionReason.Complementary;
        }

        return new SuppressionDecision(null, reasons);
    }

    private static int SmallestShownGroup(IReadOnlyList<int> groups, SuppressionReason?[] reasons)
    {
        var smallest = -1;
        for (var i = 0; i < groups.Count; i++)
        {
            if (reasons[i] is null && groups[i] > 0 && (smallest < 0 || groups[i] < groups[smallest]))
            {
                smallest = i;
            }
        }

        // Unreachable: the remainder is below the total, so some shown group has responses.
        return smallest >= 0 ? smallest : throw new InvalidOperationException("No group is left to hide.");
    }
}

/// <summary>Why a figure is hidden.</summary>
public enum SuppressionReason
{
    /// <summary>The group has fewer responses than the survey's minimum.</summary>
    BelowMinimum,

    /// <summary>The group is large enough, but hidden so a smaller one cannot be worked out by subtraction.</summary>
    Complementary,
}

/// <summary>The outcome of <see cref="Suppression.Decide"/>.</summary>
/// <param name="Total">Why the total is hidden, or null when it is shown.</param>
/// <param name="Groups">For each group in the order given: why it is hidden, or null when it is shown.</param>
public sealed record SuppressionDecision(SuppressionReason? Total, IReadOnlyList<SuppressionReason?> Groups)
{
    /// <summary>Whether the group at <paramref name="index"/> is shown.</summary>
    public bool IsShown(int index) => Groups[index] is null;
}
