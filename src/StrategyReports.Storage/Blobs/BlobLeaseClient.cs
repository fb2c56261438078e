using System.Globalization;
using Azure;
using Azure.Core;

namespace StrategyReports.Storage.Blobs;

/// <summary>
/// Leases on one blob: a lock that expires unless renewed, which makes a singleton across instances
/// (the app's timer lock) without a separate lock service.
/// </summary>
public class BlobLeaseClient
{
    /// <summary>A lease that never expires; it must be released or broken.</summary>
    public static readonly TimeSpan InfiniteLeaseDuration = TimeSpan.FromSeconds(-1);

    private readonly BlobClient _blob;

    /// <summary>For mocking.</summary>
    protected BlobLeaseClient()
    {
        _blob = null!;
        LeaseId = string.Empty;
    }

    internal BlobLeaseClient(BlobClient blob, string? leaseId)
    {
        _blob = blob;
        LeaseId = leaseId ?? Guid.NewGuid().ToString();
    }

    /// <summary>The id this client proposes on acquire and presents on renew and release.</summary>
    public virtual string LeaseId { get; }

    /// <summary>Acquires the lease for 15–60 seconds or <see cref="InfiniteLeaseDuration"/>.</summary>
    /// <exception cref="BlobLeaseAlreadyPresentException">Another holder has the lease.</exception>
    public virtual async Task<Response<BlobLease>> AcquireAsync(TimeSpan duration, CancellationToken cancellationToken = default)
    {
        var seconds = duration == InfiniteLeaseDuration ? -1 : (int)duration.TotalSeconds;
        if (seconds != -1 && (seconds < 15 || seconds > 60 || duration.TotalSeconds != seconds))
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "A blob lease lasts a whole number of seconds from 15 to 60, or is infinite.");
        }

        return await SendAsync("acquire", request =>
        {
            request.Headers.SetValue("x-ms-lease-duration", seconds.ToString(CultureInfo.InvariantCulture));
            request.Headers.SetValue("x-ms-proposed-lease-id", LeaseId);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Acquires the lease, or returns null when another holder has it.</summary>
    public virtual async Task<Response<BlobLease>?> TryAcquireAsync(TimeSpan duration, CancellationToken cancellationToken = default)
    {
        try
        {
            return await AcquireAsync(duration, cancellationToken).ConfigureAwait(false);
        }
        catch (BlobLeaseAlreadyPresentException)
        {
            return null;
        }
    }

    /// <summary>Restarts the lease's duration; fails once another holder has taken an expired lease.</summary>
    public virtual async Task<Response<BlobLease>> RenewAsync(CancellationToken cancellationToken = default) =>
        await SendAsync("renew", request => request.Headers.SetValue("x-ms-lease-id", LeaseId), cancellationToken).ConfigureAwait(false);

    /// <summary>Ends the lease now so another holder can acquire it at once.</summary>
    public virtual async Task<Response<BlobLease>> ReleaseAsync(CancellationToken cancellationToken = default) =>
        await SendAsync("release", request => request.Headers.SetValue("x-ms-lease-id", LeaseId), cancellationToken).ConfigureAwait(false);

    private async Task<Response<BlobLease>> SendAsync(string action, Action<Request> configure, CancellationToken cancellationToken)
    {
        var pipeline = _blob.Pipeline;
        using var message = pipeline.CreateMessage(RequestMethod.Put, _blob.Path);
        message.Request.Uri.AppendQuery("comp", "lease");
        message.Request.Headers.SetValue("x-ms-lease-action", action);
        configure(message.Request);
        var response = await pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        response.Headers.TryGetValue("x-ms-lease-id", out var leaseId);
        return Response.FromValue(new BlobLease(leaseId ?? LeaseId, response.Headers.ETag ?? default, BlobClient.LastModified(response)), response);
    }
}
