using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Rollups;

namespace StrategyReports.Functions.Rollups;

/// <summary>Reads the latest stored rollup of a partnership's period: what reports are rendered from.</summary>
public interface IRollupReader
{
    /// <summary>The latest rollup and the version it was stored as; null when none has run yet.</summary>
    Task<StoredRollup?> GetAsync(string partnershipId, Period period, CancellationToken cancellationToken = default);

    /// <summary>The latest stored version alone, without downloading the rollup; null when none has run yet.</summary>
    Task<int?> GetVersionAsync(string partnershipId, Period period, CancellationToken cancellationToken = default);
}

/// <param name="Version">Increases by one each time a run stores a changed rollup.</param>
/// <param name="ComputedAt">When the run that stored it finished; kept outside the rollup so the rollup itself stays byte-identical for the same inputs.</param>
public sealed record StoredRollup(PartnershipRollup Rollup, int Version, DateTimeOffset ComputedAt);
