using StrategyReports.Domain.Failures;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Strategies;

namespace StrategyReports.Functions.Returns;

public sealed record ReceivedReturn(string Partner, string Name, int Version, DateTimeOffset SubmittedAt, string SubmittedBy, bool IsLate, bool IsSampleData);

public sealed record MissingReturn(string Partner, string Name);

public sealed record WindowView(DateOnly OpensOn, DateOnly DueOn, DateOnly ClosesOn, string State, bool Reopened);

/// <param name="Expected">Partners expected to return (those with at least one measure that applies to them).</param>
/// <param name="ExpectedValues">Partners × the measures that apply to each.</param>
/// <param name="ReceivedValues">Of those, the values present in the latest returns.</param>
public sealed record Completeness(
    string PartnershipId,
    Period Period,
    WindowView Window,
    int Expected,
    int Received,
    int ExpectedValues,
    int ReceivedValues,
    IReadOnlyList<ReceivedReturn> OnTime,
    IReadOnlyList<ReceivedReturn> Late,
    IReadOnlyList<MissingReturn> Missing);

/// <summary>
/// Who was expected to return for a period, who did (on time or late) and who is missing, by name: what the
/// completeness API answers and the lead's returns page lists.
/// </summary>
public sealed class ReturnsCompleteness(ReturnStore store, TimeProvider time)
{
    public async Task<Completeness> OfAsync(Strategy strategy, Period period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        var now = time.GetUtcNow();
        if (!strategy.Covers(period))
        {
            throw new NotFoundException("period of this strategy", period.Id);
        }

        var latest = (await store.ListLatestAsync(strategy.PartnershipId, period, cancellationToken)).ToDictionary(r => r.PartnerId, StringComparer.Ordinal);
        var window = strategy.Calendar.WindowFor(period);
        var reopened = await store.GetReopeningAsync(strategy.PartnershipId, period, cancellationToken) is not null;
        var onTime = new List<ReceivedReturn>();
        var late = new List<ReceivedReturn>();
        var missing = new List<MissingReturn>();
        var expectedValues = 0;
        var receivedValues = 0;
        var expected = 0;
        foreach (var partner in strategy.Partners)
        {
            var measures = strategy.MeasuresFor(partner);
            if (measures.Count == 0)
            {
                continue;
            }

            expected++;
            expectedValues += measures.Count;
            if (!latest.TryGetValue(partner.Id, out var received))
            {
                missing.Add(new MissingReturn(partner.Id, partner.Name));
                continue;
            }

            receivedValues += measures.Count(m => received.Values.ContainsKey(m.Id));
            (received.IsLate ? late : onTime).Add(new ReceivedReturn(partner.Id, partner.Name, received.Version, received.SubmittedAt, received.SubmittedBy, received.IsLate, received.IsSampleData));
        }

        var state = window.StateAt(now);
        return new Completeness(
            strategy.PartnershipId,
            period,
            new WindowView(window.OpensOn, window.DueOn, window.ClosesOn, StateName(state), reopened),
            expected,
            onTime.Count + late.Count,
            expectedValues,
            receivedValues,
            onTime,
            late,
            missing);
    }

    private static string StateName(ReturnsWindowState state) => state switch
    {
        ReturnsWindowState.NotYetOpen => "not-yet-open",
        ReturnsWindowState.Open => "open",
        ReturnsWindowState.Late => "late",
        _ => "closed",
    };
}
