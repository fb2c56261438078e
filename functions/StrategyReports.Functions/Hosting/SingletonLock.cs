using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace StrategyReports.Functions.Hosting;

/// <summary>A lock held by one instance of the app at a time, across processes and machines.</summary>
public interface ISingletonLock
{
    /// <returns>The held lock, or null when another instance holds it.</returns>
    Task<IHeldLock?> TryAcquireAsync(string name, CancellationToken cancellationToken);
}

public interface IHeldLock : IAsyncDisposable
{
    /// <summary>Cancelled if the lock could not be kept (renewal failed), so the work stops rather than overlap.</summary>
    CancellationToken Lost { get; }
}

/// <summary>
/// A blob lease per lock name, renewed while held: the same mechanism the Functions host uses for
/// its own timer singletons, but in a container of our own so the two never contend. A lock whose
/// instance died is free again once its lease expires (<see cref="FunctionsHostingOptions.LockLease"/>).
/// </summary>
public sealed partial class BlobSingletonLock(BlobServiceClient blobs, ILogger<BlobSingletonLock> logger, FunctionsHostingOptions? options = null) : ISingletonLock
{
    public const string ContainerName = "strategyreports-locks";

    private readonly TimeSpan _leaseDuration = options?.LockLease ?? TimeSpan.FromSeconds(FunctionsHostingOptions.MaxLockLeaseSeconds);
    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(ContainerName);

    public async Task<IHeldLock?> TryAcquireAsync(string name, CancellationToken cancellationToken)
    {
        await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var blob = _container.GetBlobClient(name);
        if (!(await blob.ExistsAsync(cancellationToken)).Value)
        {
            try
            {
                await blob.UploadAsync(BinaryData.Empty, overwrite: false, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Another instance created it first, or holds a lease on it: either way it exists now.
            }
        }

        var lease = blob.GetBlobLeaseClient();
        try
        {
            await lease.AcquireAsync(_leaseDuration, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.LeaseAlreadyPresent)
        {
            return null;
        }

        return new HeldLease(lease, name, _leaseDuration, logger);
    }

    private sealed class HeldLease : IHeldLock
    {
        private readonly BlobLeaseClient _lease;
        private readonly string _name;
        private readonly TimeSpan _duration;
        private readonly ILogger _logger;
        private readonly CancellationTokenSource _lost = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewal;

        public HeldLease(BlobLeaseClient lease, string name, TimeSpan duration, ILogger logger)
        {
            (_lease, _name, _duration, _logger) = (lease, name, duration, logger);
            _renewal = RenewUntilStoppedAsync();
        }

        public CancellationToken Lost => _lost.Token;

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _renewal;
            try
            {
                await _lease.ReleaseAsync();
            }
            catch (RequestFailedException e)
            {
                // The lease expires by itself within its duration; nothing is lost by not releasing it.
                LogReleaseFailed(_logger, _name, e.Message);
            }

            _lost.Dispose();
            _stop.Dispose();
        }

        private async Task RenewUntilStoppedAsync()
        {
            using var timer = new PeriodicTimer(_duration / 3);
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token))
                {
                    await _lease.RenewAsync(cancellationToken: _stop.Token);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
            catch (RequestFailedException e)
            {
                LogLost(_logger, _name, e.Message);
                await _lost.CancelAsync();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lock {Name} was lost: {Reason}")]
    private static partial void LogLost(ILogger logger, string name, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lock {Name} could not be released: {Reason}")]
    private static partial void LogReleaseFailed(ILogger logger, string name, string reason);
}
