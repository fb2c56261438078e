using Azure;
using Azure.Storage.Blobs;
using StrategyReports.Functions.Storage;

namespace StrategyReports.Functions.Hosting;

/// <summary>
/// Each timer's last run when the app fires its own timers, as the Functions host keeps its
/// ScheduleStatus: a small JSON blob per timer beside the singleton locks, so a restarted or second
/// instance knows what already ran.
/// </summary>
public sealed class ScheduleStatusStore
{
    private const string Folder = "schedule-status/";

    private readonly BlobContainerClient _container;
    private readonly InitialiseOnce _created;

    public ScheduleStatusStore(BlobServiceClient blobs)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        _container = blobs.GetBlobContainerClient(BlobSingletonLock.ContainerName);
        _created = new(cancellationToken => _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken));
    }

    /// <returns>The recorded status, or null when the timer has never run here.</returns>
    public async Task<TimerScheduleStatus?> GetAsync(string timerName, CancellationToken cancellationToken)
    {
        try
        {
            var download = await Blob(timerName).DownloadContentAsync(cancellationToken);
            return download.Value.Content.ToObjectFromJson<TimerScheduleStatus>();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task SetAsync(string timerName, TimerScheduleStatus status, CancellationToken cancellationToken)
    {
        await _created.EnsureAsync(cancellationToken);
        await Blob(timerName).UploadAsync(BinaryData.FromObjectAsJson(status), overwrite: true, cancellationToken);
    }

    private BlobClient Blob(string timerName) => _container.GetBlobClient(Folder + timerName);
}
