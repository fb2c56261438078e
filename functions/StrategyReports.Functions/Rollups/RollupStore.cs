using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Rollups;
using StrategyReports.Functions.Storage;

namespace StrategyReports.Functions.Rollups;

/// <summary>What the <c>rollups</c> table says about a stored rollup, without its content.</summary>
public sealed record RollupState(int Version, string InputFingerprint, DateTimeOffset ComputedAt, ETag ETag);

/// <summary>
/// Stored rollups: each version's serialised rollup in blob <c>rollups/{partnershipId}/{periodId}/v{version:D6}.json</c>
/// and a row in table <c>rollups</c> (PartitionKey partnership, RowKey period) naming the current one with
/// <c>Version</c>, <c>InputFingerprint</c> and <c>ComputedAt</c>. The new version's blob is written first
/// and the row second: the row is the commit point, so a run that dies between the two leaves readers
/// on the previous version, untouched, and the next run (whose inputs no longer match the row's
/// fingerprint) writes the same version again and commits it. Earlier versions stay readable.
/// </summary>
public sealed class RollupStore : IRollupReader
{
    public const string TableName = "rollups";
    public const string ContainerName = "rollups";

    private readonly TableClient _table;
    private readonly BlobContainerClient _container;
    private readonly TimeProvider _time;
    private readonly InitialiseOnce _created;

    public RollupStore(TableServiceClient tables, BlobServiceClient blobs, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(blobs);
        _table = tables.GetTableClient(TableName);
        _container = blobs.GetBlobContainerClient(ContainerName);
        _time = time;
        _created = InitialiseOnce.Creating(_table, _container);
    }

    public async Task<StoredRollup?> GetAsync(string partnershipId, Period period, CancellationToken cancellationToken = default)
    {
        var state = await GetStateAsync(partnershipId, period, cancellationToken);
        if (state is null)
        {
            return null;
        }

        var content = await Blob(partnershipId, period, state.Version).DownloadContentAsync(cancellationToken);
        return new StoredRollup(RollupJson.Deserialize(content.Value.Content.ToString()), state.Version, state.ComputedAt);
    }

    public async Task<int?> GetVersionAsync(string partnershipId, Period period, CancellationToken cancellationToken = default) =>
        (await GetStateAsync(partnershipId, period, cancellationToken))?.Version;

    /// <summary>The row of a stored rollup; null before the first run.</summary>
    public async Task<RollupState?> GetStateAsync(string partnershipId, Period period, CancellationToken cancellationToken = default)
    {
        await _created.EnsureAsync(cancellationToken);
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(partnershipId, period.Id, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return null;
        }

        var entity = row.Value!;
        return new RollupState(
            entity.GetInt32("Version") ?? throw new InvalidDataException($"The rollup row {partnershipId}/{period} has no Version."),
            entity.GetString("InputFingerprint") ?? string.Empty,
            entity.GetDateTimeOffset("ComputedAt") ?? DateTimeOffset.MinValue,
            entity.ETag);
    }

    /// <summary>Stores a rollup as the version after <paramref name="previous"/>.</summary>
    /// <exception cref="RequestFailedException">409 or 412: another run stored a version since <paramref name="previous"/> was read.</exception>
    public async Task<StoredRollup> SaveAsync(PartnershipRollup rollup, RollupState? previous, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rollup);
        await _created.EnsureAsync(cancellationToken);
        var version = (previous?.Version ?? 0) + 1;
        await Blob(rollup.PartnershipId, rollup.Period, version).UploadAsync(
            BinaryData.FromString(RollupJson.Serialize(rollup)),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
            cancellationToken);

        var computedAt = _time.GetUtcNow();
        var row = new TableEntity(rollup.PartnershipId, rollup.Period.Id)
        {
            ["Version"] = version,
            ["InputFingerprint"] = rollup.InputFingerprint,
            ["ComputedAt"] = computedAt,
        };
        if (previous is null)
        {
            await _table.AddEntityAsync(row, cancellationToken);
        }
        else
        {
            await _table.UpdateEntityAsync(row, previous.ETag, TableUpdateMode.Replace, cancellationToken);
        }

        return new StoredRollup(rollup, version, computedAt);
    }

    private BlobClient Blob(string partnershipId, Period period, int version) =>
        _container.GetBlobClient(BlobName(partnershipId, period, version));

    public static string BlobName(string partnershipId, Period period, int version) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{partnershipId}/{period.Id}/v{version:D6}.json");
}
