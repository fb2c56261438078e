using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using StrategyReports.Domain.Failures;
using StrategyReports.Domain.Strategies;
using StrategyReports.Functions.Storage;

namespace StrategyReports.Functions.Strategies;

/// <summary>A published version of a partnership's strategy.</summary>
public sealed record StrategyVersion(string PartnershipId, int Version, DateTimeOffset PublishedAt, string PublishedBy, string Sha256);

/// <summary>A partnership with a published strategy: its id and the name its current version gives it.</summary>
public sealed record PartnershipSummary(string Id, string Name);

public sealed record PublishedStrategy(StrategyVersion Version, Strategy Strategy, string CanonicalJson);

/// <summary>
/// Strategy versions: the canonical document in Blob storage (it can outgrow a table property), named by its SHA-256, and an
/// index row per version in Table storage whose insert is the commit point, so a version number is
/// never handed out twice and a half-written publish is never visible.
/// </summary>
public sealed class StrategyStore
{
    public const string TableName = "strategyversions";
    public const string ContainerName = "strategies";

    // Versions are immutable, so a parsed document can be kept for as long as the process lives.
    // Which request field each stored property comes from, for a 422 when one cannot be stored.
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        [nameof(TableEntity.PartitionKey)] = "partnershipId",
        ["Name"] = "name",
        ["PublishedBy"] = "publishedBy",
    };

    private readonly ConcurrentDictionary<(string, int), PublishedStrategy> _cache = new();
    private readonly TableClient _table;
    private readonly BlobContainerClient _container;
    private readonly TimeProvider _time;
    private readonly InitialiseOnce _created;

    public StrategyStore(TableServiceClient tables, BlobServiceClient blobs, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(blobs);
        _table = tables.GetTableClient(TableName);
        _container = blobs.GetBlobContainerClient(ContainerName);
        _time = time;
        _created = InitialiseOnce.Creating(_table, _container);
    }

    /// <summary>
    /// Refuses, as a 422 naming the field, a strategy whose index row storage could not hold, so the
    /// publisher can check before anything else of the publish is written.
    /// </summary>
    public void RequireStorable(Strategy strategy, string publishedBy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        TableLimits.Require(ToEntity(new StrategyVersion(strategy.PartnershipId, 1, _time.GetUtcNow(), publishedBy, new string('0', 64)), strategy.Name), Fields);
    }

    /// <summary>
    /// Publishes a new version, or returns the current one unchanged when the document is identical to it. With
    /// <paramref name="basedOnVersion"/> (the version the admin previewed against; 0 for none yet), a version
    /// published by someone else in between is a 409, never silently replaced.
    /// </summary>
    public async Task<(PublishedStrategy Published, bool Created)> PublishAsync(Strategy strategy, string publishedBy, int? basedOnVersion = null, CancellationToken cancellationToken = default)
    {
        await _created.EnsureAsync(cancellationToken);
        var json = StrategyDocument.ToCanonicalJson(strategy);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(json)));
        RequireStorable(strategy, publishedBy);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var current = await GetLatestVersionAsync(strategy.PartnershipId, cancellationToken);
            if (current?.Sha256 == sha256)
            {
                return ((await GetVersionAsync(strategy.PartnershipId, current.Version, cancellationToken))!, false);
            }

            RequireBasedOn(strategy.PartnershipId, current?.Version ?? 0, basedOnVersion);

            var version = new StrategyVersion(strategy.PartnershipId, (current?.Version ?? 0) + 1, _time.GetUtcNow(), publishedBy, sha256);
            var row = ToEntity(version, strategy.Name);
            await _container.GetBlobClient(BlobName(version.PartnershipId, sha256))
                .UploadAsync(BinaryData.FromString(json), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } }, cancellationToken);
            try
            {
                await _table.AddEntityAsync(row, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Someone published the same version number first: take the next one, unless the admin
                // asked to publish over exactly the version they saw.
                RequireBasedOn(strategy.PartnershipId, version.Version, basedOnVersion);
                continue;
            }

            var published = new PublishedStrategy(version, strategy, json);
            _cache[(version.PartnershipId, version.Version)] = published;
            return (published, true);
        }

        throw new ConflictException("Published by someone else at the same moment", "The strategy is being published by someone else at the same moment; try again.");
    }

    /// <summary>409 when the current version is not the one the admin based their publish on.</summary>
    public static void RequireBasedOn(string partnershipId, int currentVersion, int? basedOnVersion)
    {
        if (basedOnVersion is { } based && based != currentVersion)
        {
            throw new ConflictException(
                "The strategy has changed since you checked it",
                $"Version {currentVersion} of '{partnershipId}' is current, not version {based}: someone published in between. Check the document against the current version and publish again.");
        }
    }

    public async Task<PublishedStrategy?> GetCurrentAsync(string partnershipId, CancellationToken cancellationToken = default)
    {
        var latest = await GetLatestVersionAsync(partnershipId, cancellationToken);
        return latest is null ? null : await GetVersionAsync(partnershipId, latest.Version, cancellationToken);
    }

    public async Task<PublishedStrategy?> GetVersionAsync(string partnershipId, int version, CancellationToken cancellationToken = default)
    {
        if (_cache.TryGetValue((partnershipId, version), out var cached))
        {
            return cached;
        }

        await _created.EnsureAsync(cancellationToken);
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(partnershipId, RowKey(version), cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return null;
        }

        var stored = FromEntity(row.Value!);
        var content = await _container.GetBlobClient(BlobName(partnershipId, stored.Sha256)).DownloadContentAsync(cancellationToken);
        var json = content.Value.Content.ToString();
        var parsed = StrategyDocument.Parse(json, StrategyFormat.Json);
        var strategy = parsed.Strategy ?? throw new InvalidDataException($"Stored strategy {partnershipId} v{version} no longer parses: {string.Join("; ", parsed.Problems)}");
        return _cache.GetOrAdd((partnershipId, version), new PublishedStrategy(stored, strategy, json));
    }

    public async Task<IReadOnlyList<StrategyVersion>> ListVersionsAsync(string partnershipId, CancellationToken cancellationToken = default)
    {
        await _created.EnsureAsync(cancellationToken);
        var versions = new List<StrategyVersion>();
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partnershipId}"), cancellationToken: cancellationToken))
        {
            versions.Add(FromEntity(row));
        }

        return versions;
    }

    /// <summary>Every partnership that has published a strategy, by id.</summary>
    public async Task<IReadOnlyList<PartnershipSummary>> ListPartnershipsAsync(CancellationToken cancellationToken = default)
    {
        await _created.EnsureAsync(cancellationToken);
        var partnerships = new List<PartnershipSummary>();
        await foreach (var row in _table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey", "Name"], cancellationToken: cancellationToken))
        {
            // Rows come partition by partition, newest version first.
            if (partnerships.Count == 0 || partnerships[^1].Id != row.PartitionKey)
            {
                partnerships.Add(new PartnershipSummary(row.PartitionKey, row.GetString("Name") ?? row.PartitionKey));
            }
        }

        return partnerships;
    }

    private async Task<StrategyVersion?> GetLatestVersionAsync(string partnershipId, CancellationToken cancellationToken)
    {
        await _created.EnsureAsync(cancellationToken);
        // Row keys count down, so the first row of the partition is the newest version.
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partnershipId}"), maxPerPage: 1, cancellationToken: cancellationToken))
        {
            return FromEntity(row);
        }

        return null;
    }

    private static string RowKey(int version) => (999_999_999 - version).ToString("D9", CultureInfo.InvariantCulture);

    // Named by content, so two publishers racing for one version number can't overwrite each other's document.
    private static string BlobName(string partnershipId, string sha256) => $"{partnershipId}/{sha256}.json";

    private static TableEntity ToEntity(StrategyVersion version, string name) => new(version.PartnershipId, RowKey(version.Version))
    {
        ["Name"] = name,
        ["Version"] = version.Version,
        ["PublishedAt"] = version.PublishedAt,
        ["PublishedBy"] = version.PublishedBy,
        ["Sha256"] = version.Sha256,
    };

    private static StrategyVersion FromEntity(TableEntity row) => new(
        row.PartitionKey,
        row.GetInt32("Version") ?? throw new InvalidDataException("A strategy version row has no Version."),
        row.GetDateTimeOffset("PublishedAt") ?? DateTimeOffset.MinValue,
        row.GetString("PublishedBy") ?? "",
        row.GetString("Sha256") ?? "");
}
