using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Strategies;

namespace StrategyReports.Domain.Chasing;

/// <summary>Where a partner's return for a period stands, as the lead chasing returns sees it.</summary>
public enum ChaseState
{
    Returned,

    /// <summary>Returned, but a lead has queried it and the partner has not resubmitted yet.</summary>
    QueryOpen,

    /// <summary>Not returned, and not yet due.</summary>
    NotReturned,

    /// <summary>Not returned, and past the due day.</summary>
    Late,
}

/// <summary>One partner expected to return in the period, with where its return stands and who to remind.</summary>
/// <param name="Contact">The partner's returns contact from the strategy; null when it names none, so no reminder can be sent.</param>
public sealed record ChaseEntry(Partner Partner, ChaseState State, string? Contact)
{
    public bool IsMissing => State is ChaseState.NotReturned or ChaseState.Late;
}

/// <summary>Every partner expected to return in a period (those with a measure that applies to them), in the strategy's order.</summary>
public sealed record ChaseList(Period Period, ReturnsWindow Window, IReadOnlyList<ChaseEntry> Entries)
{
    /// <summary>The partners whose returns are missing (not yet due or late).</summary>
    public IReadOnlyList<ChaseEntry> Missing => [.. Entries.Where(entry => entry.IsMissing)];

    public ChaseEntry? Find(string partnerId) => Entries.FirstOrDefault(entry => entry.Partner.Id == partnerId);

    /// <param name="returned">The ids of the partners with a return in for the period.</param>
    /// <param name="now">The moment to judge lateness at: a missing return is late once its due day has ended in the UK.</param>
    /// <param name="queried">The ids of the partners whose latest return a lead has queried.</param>
    public static ChaseList For(Strategy strategy, Period period, IReadOnlySet<string> returned, DateTimeOffset now, IReadOnlySet<string>? queried = null)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(returned);
        var window = strategy.Calendar.WindowFor(period);
        var pastDue = now >= window.Due;
        var entries = strategy.Partners
            .Where(partner => strategy.MeasuresFor(partner).Count > 0)
            .Select(partner => new ChaseEntry(
                partner,
                returned.Contains(partner.Id) ? (queried?.Contains(partner.Id) == true ? ChaseState.QueryOpen : ChaseState.Returned)
                    : pastDue ? ChaseState.Late : ChaseState.NotReturned,
                partner.ReturnsContact))
            .ToList();
        return new ChaseList(period, window, entries);
    }
}
