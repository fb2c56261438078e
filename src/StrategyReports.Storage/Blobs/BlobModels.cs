using Azure;

namespace StrategyReports.Storage.Blobs;

/// <summary>Options for the Blob clients: Azure.Core retries, logging, transport and timeouts.</summary>
public class BlobClientOptions : Azure.Core.ClientOptions
{
    /// <summary>The Blob service REST version every request and SAS pins; Azure and Azurite both accept it.</summary>
    public const string ServiceVersion = "2021-12-02";

    public BlobClientOptions()
    {
        Internal.StorageLogging.Allow(
            Diagnostics,
            ["x-ms-blob-type", "x-ms-blob-content-type", "x-ms-lease-action", "x-ms-lease-duration", "x-ms-lease-state", "x-ms-lease-status"],
            ["comp", "restype", "prefix", "maxresults", "marker"]);
    }
}

/// <summary>How an upload treats an existing blob and what it stores with the content.</summary>
public sealed class BlobUploadOptions
{
    public string? ContentType { get; set; }

    public IDictionary<string, string>? Metadata { get; set; }

    /// <summary>True (default) replaces an existing blob; false uploads only if absent, else <see cref="BlobAlreadyExistsException"/>.</summary>
    public bool Overwrite { get; set; } = true;
}

/// <summary>The new version of an uploaded blob.</summary>
public sealed record BlobContentInfo(ETag ETag, DateTimeOffset? LastModified);

/// <summary>A blob's system properties and metadata.</summary>
public sealed record BlobProperties(
    string? ContentType,
    long ContentLength,
    ETag ETag,
    DateTimeOffset? LastModified,
    IReadOnlyDictionary<string, string> Metadata,
    string? LeaseState);

/// <summary>A downloaded blob held in memory.</summary>
public sealed record BlobDownloadResult(BinaryData Content, BlobProperties Details);

/// <summary>A downloading blob; the caller reads and disposes <see cref="Content"/>.</summary>
public sealed record BlobDownloadStreamingResult(Stream Content, BlobProperties Details) : IDisposable, IAsyncDisposable
{
    public void Dispose() => Content.Dispose();

    public ValueTask DisposeAsync() => Content.DisposeAsync();
}

/// <summary>A blob as a container listing shows it.</summary>
public sealed record BlobItem(string Name, long ContentLength, string? ContentType, ETag ETag, DateTimeOffset? LastModified);

/// <summary>A held lease on a blob.</summary>
public sealed record BlobLease(string LeaseId, ETag ETag, DateTimeOffset? LastModified);

/// <summary>What a SAS lets its holder do.</summary>
[Flags]
public enum BlobSasPermissions
{
    Read = 1,
    Add = 2,
    Create = 4,
    Write = 8,
    Delete = 16,
}

/// <summary>
/// A key the Blob service issues to an Entra ID identity for signing user-delegation SAS tokens,
/// valid between <see cref="SignedStartsOn"/> and <see cref="SignedExpiresOn"/>.
/// </summary>
public sealed record UserDelegationKey(
    string SignedObjectId,
    string SignedTenantId,
    DateTimeOffset SignedStartsOn,
    DateTimeOffset SignedExpiresOn,
    string SignedService,
    string SignedVersion,
    string Value);
