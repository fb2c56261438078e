using Azure;
using StrategyReports.Storage.Blobs;

namespace StrategyReports.Functions.Hosting;

/// <summary>
/// Azure.Storage.Blobs' <c>BlobClient.UploadAsync(BinaryData, bool overwrite, CancellationToken)</c>
/// for the in-house blob client, which takes the flag in its options instead. Callers are written
/// against the SDK's signature; with the SDK this file goes, as its instance method takes over.
/// </summary>
internal static class BlobUploadOverwrite
{
    public static Task<Response<BlobContentInfo>> UploadAsync(this BlobClient blob, BinaryData content, bool overwrite, CancellationToken cancellationToken) =>
        blob.UploadAsync(content, new BlobUploadOptions { Overwrite = overwrite }, cancellationToken);
}
