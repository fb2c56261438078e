using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Rollups;
using StrategyReports.Functions.Storage;

namespace StrategyReports.Functions.Reports;

/// <summary>One stored report file, as the manifest lists it.</summary>
/// <param name="Name">The blob's file name within the period, e.g. <c>workforce-wellbeing.pdf</c>.</param>
/// <param name="Kind"><c>highlight-report</c> or <c>board-pack</c>.</param>
/// <param name="SubjectId">The programme (highlight report) or assurance group (board pack).</param>
/// <param name="DownloadName">The file name a download is saved as, e.g. <c>bury-2026-27-Q2-workforce-wellbeing.pdf</c>.</param>
public sealed record ReportFile(string Name, string Kind, string SubjectId, string Title, string ContentType, string DownloadName, long Size, string Sha256);

/// <summary>
/// What a period's reports were made from and what they are: the rollup version and return versions
/// used, the template version, and each file's SHA-256 and size. It holds no clock time of its own
/// (<paramref name="GeneratedAt"/> is the rollup's ComputedAt), so the same inputs give the same manifest.
/// </summary>
/// <param name="AssuranceFingerprint">The fingerprint of the lead highlights and risk and milestone versions the reports show; null in manifests written before them, which are regenerated.</param>
public sealed record ReportManifest(
    string PartnershipId,
    string PeriodId,
    int RollupVersion,
    string RollupFingerprint,
    int StrategyVersion,
    IReadOnlyList<ReturnVersionUsed> ReturnVersions,
    string TemplateVersion,
    DateTimeOffset GeneratedAt,
    bool ContainsSampleData,
    IReadOnlyList<ReportFile> Files,
    string? AssuranceFingerprint = null);

/// <summary>A rendered file with its listing entry.</summary>
public sealed record RenderedReport(ReportFile File, byte[] Content);

/// <summary>
/// Reports in Blob storage: container <c>reports</c>, blobs <c>{partnershipId}/{periodId}/{programmeId or assuranceGroupId}.pdf</c>
/// and <c>.html</c>, and <c>{partnershipId}/{periodId}/manifest.json</c>, written last as the commit point.
/// </summary>
public sealed class ReportStore
{
    public const string ContainerName = "reports";
    public const string ManifestName = "manifest.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly BlobContainerClient _container;
    private readonly InitialiseOnce _created;

    public ReportStore(BlobServiceClient blobs)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        _container = blobs.GetBlobContainerClient(ContainerName);
        _created = new(cancellationToken => _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken));
    }

    public static string BlobName(string partnershipId, Period period, string fileName) => $"{partnershipId}/{period.Id}/{fileName}";

    public static byte[] Serialise(ReportManifest manifest) => JsonSerializer.SerializeToUtf8Bytes(manifest, Json);

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public async Task<ReportManifest?> GetManifestAsync(string partnershipId, Period period, CancellationToken cancellationToken = default)
    {
        var content = await DownloadAsync(partnershipId, period, ManifestName, cancellationToken);
        return content is null ? null : JsonSerializer.Deserialize<ReportManifest>(content, Json);
    }

    /// <summary>A stored file's bytes; null when there is none.</summary>
    public async Task<byte[]?> GetFileAsync(string partnershipId, Period period, string fileName, CancellationToken cancellationToken = default) =>
        await DownloadAsync(partnershipId, period, fileName, cancellationToken);

    /// <summary>
    /// Stores a period's reports: files whose bytes changed, then the manifest, then removes files the
    /// manifest no longer lists. When the manifest is byte-identical to the stored one nothing is written.
    /// </summary>
    /// <returns>True when anything was written.</returns>
    public async Task<bool> SaveAsync(ReportManifest manifest, IReadOnlyList<RenderedReport> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(files);
        var period = Period.Parse(manifest.PeriodId);
        var bytes = Serialise(manifest);
        var stored = await DownloadAsync(manifest.PartnershipId, period, ManifestName, cancellationToken);
        if (stored is not null && stored.AsSpan().SequenceEqual(bytes))
        {
            return false;
        }

        var previous = stored is null ? null : JsonSerializer.Deserialize<ReportManifest>(stored, Json);
        var unchanged = previous?.Files.Select(f => (f.Name, f.Sha256)).ToHashSet() ?? [];
        var container = await ContainerAsync(cancellationToken);
        foreach (var file in files.Where(f => !unchanged.Contains((f.File.Name, f.File.Sha256))))
        {
            await container.GetBlobClient(BlobName(manifest.PartnershipId, period, file.File.Name))
                .UploadAsync(BinaryData.FromBytes(file.Content), Upload(file.File.ContentType), cancellationToken);
        }

        await container.GetBlobClient(BlobName(manifest.PartnershipId, period, ManifestName))
            .UploadAsync(BinaryData.FromBytes(bytes), Upload("application/json"), cancellationToken);

        // A programme or group dropped from the strategy leaves no stale report behind.
        var current = manifest.Files.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var old in previous?.Files.Where(f => !current.Contains(f.Name)) ?? [])
        {
            await container.GetBlobClient(BlobName(manifest.PartnershipId, period, old.Name)).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }

        return true;
    }

    private async Task<byte[]?> DownloadAsync(string partnershipId, Period period, string fileName, CancellationToken cancellationToken)
    {
        var container = await ContainerAsync(cancellationToken);
        try
        {
            var result = await container.GetBlobClient(BlobName(partnershipId, period, fileName)).DownloadContentAsync(cancellationToken);
            return result.Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private async Task<BlobContainerClient> ContainerAsync(CancellationToken cancellationToken)
    {
        await _created.EnsureAsync(cancellationToken);
        return _container;
    }

    private static BlobUploadOptions Upload(string contentType) => new() { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } };
}
