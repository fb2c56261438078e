using System.Security.Claims;
using StrategyReports.Domain.Failures;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Rollups;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Security;
using StrategyReports.Functions.Strategies;

namespace StrategyReports.Functions.Rollups;

/// <summary>What a rollup run did.</summary>
public enum RollupRunStatus
{
    /// <summary>The inputs had changed (or there was no rollup yet): a new version was stored.</summary>
    Stored,

    /// <summary>The inputs' fingerprint equals the stored rollup's: nothing was computed or written.</summary>
    Unchanged,

    /// <summary>Another run of the same partnership and period holds the lease now.</summary>
    Busy,
}

/// <param name="Version">The stored rollup's version after the run; null when busy and none is stored.</param>
public sealed record RollupRun(RollupRunStatus Status, int? Version, string? InputFingerprint)
{
    public bool DidWork => Status == RollupRunStatus.Stored;
}

/// <summary>
/// Rolls up one partnership's period: reads the inputs, stops if their fingerprint equals the stored
/// rollup's, otherwise computes and stores a new version. The timers and the API run this same code,
/// under a lease per partnership and period so two runs never interleave.
/// </summary>
public sealed class RollupService(StrategyStore strategies, IRollupInputs inputs, RollupStore store, ISingletonLock locks)
{
    /// <summary>
    /// Runs the rollup now for an admin of the partnership, as <c>POST …/rollups/{period}</c> and the admin's page ask:
    /// the period must be one of its strategy's, and another run of it holding the lease is a conflict.
    /// </summary>
    public async Task<RollupRun> RunAsync(ClaimsPrincipal user, string partnershipId, string period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        RouteValues.RequireId(partnershipId, "partnership");
        user.RequireAdminOf(partnershipId);

        var quarter = RouteValues.RequirePeriod(period);
        await RequireCoveredAsync(strategies, partnershipId, quarter, cancellationToken);
        var run = await RunAsync(partnershipId, quarter, cancellationToken) ?? throw new NotFoundException("partnership", partnershipId);
        if (run.Status == RollupRunStatus.Busy)
        {
            throw new ConflictException("A rollup is already running", $"The rollup of {partnershipId} {quarter} is being computed by another run now; try again shortly.");
        }

        return run;
    }

    /// <summary>Refuses, as unknown, a partnership with no strategy or a period outside its strategy.</summary>
    public static async Task RequireCoveredAsync(StrategyStore strategies, string partnershipId, Period period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(strategies);
        var strategy = (await strategies.GetCurrentAsync(partnershipId, cancellationToken))?.Strategy
            ?? throw new NotFoundException("partnership", partnershipId);
        if (!strategy.Covers(period))
        {
            throw new NotFoundException("period", $"{period} (the strategy covers {strategy.FirstPeriod} to {strategy.LastPeriod})");
        }
    }

    /// <returns>What the run did; null when the partnership has no published strategy.</returns>
    public async Task<RollupRun?> RunAsync(string partnershipId, Period period, CancellationToken cancellationToken = default)
    {
        await using var held = await locks.TryAcquireAsync($"rollups/{partnershipId}/{period.Id}", cancellationToken);
        if (held is null)
        {
            var state = await store.GetStateAsync(partnershipId, period, cancellationToken);
            return new RollupRun(RollupRunStatus.Busy, state?.Version, state?.InputFingerprint);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, held.Lost);
        var token = linked.Token;
        var published = await strategies.GetCurrentAsync(partnershipId, token);
        if (published is null)
        {
            return null;
        }

        var strategyVersion = published.Version.Version;
        var read = await inputs.ReadAsync(published.Strategy, period, token);
        var fingerprint = RollupFingerprint.Compute(published.Strategy, strategyVersion, period, read);
        var previous = await store.GetStateAsync(partnershipId, period, token);
        if (previous?.InputFingerprint == fingerprint)
        {
            return new RollupRun(RollupRunStatus.Unchanged, previous.Version, fingerprint);
        }

        var rollup = RollupCalculator.Compute(published.Strategy, strategyVersion, period, read);
        var stored = await store.SaveAsync(rollup, previous, token);
        Telemetry.RollupsCompleted.Add(1);
        return new RollupRun(RollupRunStatus.Stored, stored.Version, fingerprint);
    }
}
