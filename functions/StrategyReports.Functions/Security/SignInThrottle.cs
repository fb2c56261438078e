using System.Net;
using System.Threading.RateLimiting;

namespace StrategyReports.Functions.Security;

/// <summary>
/// Limits sign-in attempts per client address, so the access-key form cannot be used to guess keys. The
/// address is the client's once forwarded headers from the Functions host have been applied.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    public const int AttemptsPerWindow = 10;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(
        address => RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = AttemptsPerWindow,
            Window = Window,
            QueueLimit = 0,
        }));

    /// <summary>False when the caller has used up its attempts for now.</summary>
    public bool TryAttempt(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var lease = _limiter.AttemptAcquire(context.Connection.RemoteIpAddress?.ToString() ?? IPAddress.None.ToString());
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
