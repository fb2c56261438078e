using System.Security.Claims;
using StrategyReports.Domain.Failures;
using StrategyReports.Domain.Periods;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Security;
using StrategyReports.Functions.Strategies;

namespace StrategyReports.Functions.Returns;

/// <summary>Reopening a closed period for returns and closing it again: the one use case behind <c>…/periods/{period}/reopening</c> and the admin's periods page.</summary>
public sealed class PeriodReopening(StrategyStore strategies, ReturnStore store, TimeProvider time)
{
    public async Task<(Period Period, Reopening Reopening)> ReopenAsync(ClaimsPrincipal user, string partnershipId, string period, CancellationToken cancellationToken)
    {
        var at = await RequireAdminPeriodAsync(user, partnershipId, period, cancellationToken);
        var reopening = new Reopening(user.Identity?.Name ?? "unknown", time.GetUtcNow());
        await store.ReopenAsync(partnershipId, at, reopening, cancellationToken);
        return (at, reopening);
    }

    public async Task<Period> CloseAgainAsync(ClaimsPrincipal user, string partnershipId, string period, CancellationToken cancellationToken)
    {
        var at = await RequireAdminPeriodAsync(user, partnershipId, period, cancellationToken);
        await store.CloseAgainAsync(partnershipId, at, cancellationToken);
        return at;
    }

    private async Task<Period> RequireAdminPeriodAsync(ClaimsPrincipal user, string partnershipId, string period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var at = RouteValues.RequirePeriod(period);
        user.RequireAdminOf(RouteValues.RequireId(partnershipId, "partnership"));
        var published = await strategies.GetCurrentAsync(partnershipId, cancellationToken) ?? throw new NotFoundException("partnership", partnershipId);
        return published.Strategy.Covers(at) ? at : throw new NotFoundException("period of this strategy", at.Id);
    }
}
