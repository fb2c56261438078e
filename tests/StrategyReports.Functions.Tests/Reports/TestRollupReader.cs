using System.Collections.Concurrent;
using StrategyReports.Domain.Periods;
using StrategyReports.Functions.Rollups;

namespace StrategyReports.Functions.Tests.Reports;

/// <summary>
/// Serves hand-built rollups of the whole Bury strategy (<see cref="TestSupport.SampleRollups"/>) at
/// the version and computed-at a test chooses, which the real store assigns itself; the path through
/// the real store is <see cref="ReportsEndToEndTests"/>.
/// </summary>
internal sealed class TestRollupReader : IRollupReader
{
    private readonly ConcurrentDictionary<(string, Period), StoredRollup> _rollups = new();

    public void Store(StoredRollup stored) => _rollups[(stored.Rollup.PartnershipId, stored.Rollup.Period)] = stored;

    public Task<StoredRollup?> GetAsync(string partnershipId, Period period, CancellationToken cancellationToken = default) =>
        Task.FromResult(_rollups.TryGetValue((partnershipId, period), out var stored) ? stored : null);

    public Task<int?> GetVersionAsync(string partnershipId, Period period, CancellationToken cancellationToken = default) =>
        Task.FromResult(_rollups.TryGetValue((partnershipId, period), out var stored) ? stored.Version : (int?)null);
}
