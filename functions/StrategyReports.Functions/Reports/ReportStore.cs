using System.Security.Cryptography;
using System.Text.Json;
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
/// <param name="Blob">
/// The blob holding the file, named by its content (<see cref="ReportStore.ContentBlobName"/>) so that writing a new
/// version never touches the files the current manifest names; null in manifests written before, whose files sit at
/// <see cref="ReportStore.BlobName"/>.
/// </param>
public sealed record ReportFile(string Name, string Kind, string SubjectId, string Title, string ContentType, string DownloadName, long Size, string Sha256, string? Blob = null);

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
/// Reports in Blob storage: container <c>reports</c>, blobs <c>{partnershipId}/{periodId}/{sha256}/{programmeId or assuranceGroupId}.pdf</c>
/// and <c>.html</c>, and <c>{partnershipId}/{periodId}/manifest.json</c>, written last as the commit point. A file is
/// named by its content, so a regeneration cut short (the instance dies, storage fails) leaves the manifest and every
/// file it names as they were: readers stay on the previous complete version until the next run commits.
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

    public static string ContentBlobName(string partnershipId, Period period, string fileName, string sha256) => $"{partnershipId}/{period.Id}/{sha256}/{fileName}";

    public static byte[] Serialise(ReportManifest manifest) => JsonSerializer.SerializeToUtf8Bytes(manifest, Json);

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public async Task<ReportManifest?> GetManifestAsync(string partnershipId, Period period, CancellationToken cancellationToken = default)
    {
        var content = await DownloadAsync(partnershipId, period, ManifestName, cancellationToken);
        return content is null ? null : JsonSerializer.Deserialize<ReportManifest>(content, Json);
    }

    /// <summary>The bytes of a file a manifest lists; null when there are none.</summary>
    public async Task<byte[]?> GetFileAsync(ReportManifest manifest, ReportFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(file);
        return await DownloadAsync(BlobOf(manifest, file), cancellationToken);
    }

    /// <summary>
    /// Stores a period's reports: files not stored yet, then the manifest, then removes the files only the previous
    /// manifest named. When the manifest is byte-identical to the stored one nothing is written.
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
        var kept = previous?.Files.Select(f => BlobOf(previous, f)).ToHashSet(StringComparer.Ordinal) ?? [];
        var container = await ContainerAsync(cancellationToken);
        foreach (var file in files.Where(f => !kept.Contains(BlobOf(manifest, f.File))))
        {
            await container.GetBlobClient(BlobOf(manifest, file.File))
                .UploadAsync(BinaryData.FromBytes(file.Content), Upload(file.File.ContentType), cancellationToken);
        }

        await container.GetBlobClient(BlobName(manifest.PartnershipId, period, ManifestName))
            .UploadAsync(BinaryData.FromBytes(bytes), Upload("application/json"), cancellationToken);

        // Earlier content, and a programme or group dropped from the strategy, leave no stale report behind.
        var current = manifest.Files.Select(f => BlobOf(manifest, f)).ToHashSet(StringComparer.Ordinal);
        foreach (var old in kept.Where(blob => !current.Contains(blob)))
        {
            await container.GetBlobClient(old).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }

        return true;
    }

    private static string BlobOf(ReportManifest manifest, ReportFile file) => file.Blob ?? BlobName(manifest.PartnershipId, Period.Parse(manifest.PeriodId), file.Name);

    private Task<byte[]?> DownloadAsync(string partnershipId, Period period, string fileName, CancellationToken cancellationToken) =>
        DownloadAsync(BlobName(partnershipId, period, fileName), cancellationToken);

    private async Task<byte[]?> DownloadAsync(string blobName, CancellationToken cancellationToken)
    {
        var container = await ContainerAsync(cancellationToken);
        try
        {
            var result = await container.GetBlobClient(blobName).DownloadContentAsync(cancellationToken);
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
