using Azure;
using Azure.Storage.Blobs;

namespace StrategyReports.Functions.Hosting;

/// <summary>
/// Each timer's last run when the app fires its own timers, as the Functions host keeps its
/// ScheduleStatus: a small JSON blob per timer beside the singleton locks, so a restarted or second
/// instance knows what already ran.
/// </summary>
public sealed class ScheduleStatusStore(BlobServiceClient blobs)
{
    private const string Folder = "schedule-status/";

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
        await blobs.GetBlobContainerClient(BlobSingletonLock.ContainerName).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await Blob(timerName).UploadAsync(BinaryData.FromObjectAsJson(status), overwrite: true, cancellationToken);
    }

    private BlobClient Blob(string timerName) =>
        blobs.GetBlobContainerClient(BlobSingletonLock.ContainerName).GetBlobClient(Folder + timerName);
}
