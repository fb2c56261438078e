using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Strategies;

namespace StrategyReports.Domain.Chasing;

/// <summary>Where a partner's return for a period stands, as the lead chasing returns sees it.</summary>
/// <remarks>
/// Approvals will add a state for a return that is in but has a query open; it comes from the review state
/// passed to <see cref="ChaseList.For"/> alongside the partners that have returned, and needs nothing else here.
/// </remarks>
public enum ChaseState
{
    Returned,

    /// <summary>Not returned, and not yet due.</summary>
    NotReturned,

    /// <summary>Not returned, and past the due day.</summary>
    Late,
}

/// <summary>One partner expected to return in the period, with where its return stands and who to remind.</summary>
/// <param name="Contact">The partner's returns contact from the strategy; null when it names none, so no reminder can be sent.</param>
public sealed record ChaseEntry(Partner Partner, ChaseState State, string? Contact)
{
    public bool IsMissing => State != ChaseState.Returned;
}

/// <summary>Every partner expected to return in a period (those with a measure that applies to them), in the strategy's order.</summary>
public sealed record ChaseList(Period Period, ReturnsWindow Window, IReadOnlyList<ChaseEntry> Entries)
{
    /// <summary>The partners whose returns are missing (not yet due or late).</summary>
    public IReadOnlyList<ChaseEntry> Missing => [.. Entries.Where(entry => entry.IsMissing)];

    public ChaseEntry? Find(string partnerId) => Entries.FirstOrDefault(entry => entry.Partner.Id == partnerId);

    /// <param name="returned">The ids of the partners with a return in for the period.</param>
    /// <param name="now">The moment to judge lateness at: a missing return is late once its due day has ended in the UK.</param>
    public static ChaseList For(Strategy strategy, Period period, IReadOnlySet<string> returned, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(returned);
        var window = strategy.Calendar.WindowFor(period);
        var pastDue = now >= window.Due;
        var entries = strategy.Partners
            .Where(partner => strategy.MeasuresFor(partner).Count > 0)
            .Select(partner => new ChaseEntry(
                partner,
                returned.Contains(partner.Id) ? ChaseState.Returned : pastDue ? ChaseState.Late : ChaseState.NotReturned,
                partner.ReturnsContact))
            .ToList();
        return new ChaseList(period, window, entries);
    }
}
