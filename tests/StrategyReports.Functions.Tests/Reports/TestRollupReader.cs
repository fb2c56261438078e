using System.Collections.Concurrent;
using StrategyReports.Domain.Periods;
using StrategyReports.Functions.Rollups;

namespace StrategyReports.Functions.Tests.Reports;

/// <summary>
/// Serves rollups the test stores, in place of the rollup store until it is merged; the rollups
/// themselves are realistic (<see cref="TestSupport.SampleRollups"/>).
/// </summary>
internal sealed class TestRollupReader : IRollupReader
{
    private readonly ConcurrentDictionary<(string, Period), StoredRollup> _rollups = new();

    public void Store(StoredRollup stored) => _rollups[(stored.Rollup.PartnershipId, stored.Rollup.Period)] = stored;

    public Task<StoredRollup?> GetAsync(string partnershipId, Period period, CancellationToken cancellationToken = default) =>
        Task.FromResult(_rollups.TryGetValue((partnershipId, period), out var stored) ? stored : null);
}
