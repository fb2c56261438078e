using System.Globalization;
using Azure;
using Azure.Core;
using StrategyReports.Storage.Internal;

namespace StrategyReports.Storage.Blobs;

/// <summary>One block blob: upload, download, properties, delete, leases and SAS download links.</summary>
public class BlobClient
{
    private const string MetadataPrefix = "x-ms-meta-";

    private readonly StoragePipeline _pipeline;

    /// <summary>For mocking.</summary>
    protected BlobClient()
    {
        _pipeline = null!;
        BlobContainerName = string.Empty;
        Name = string.Empty;
        Path = string.Empty;
    }

    internal BlobClient(StoragePipeline pipeline, string containerName, string blobName)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        if (blobName.Length > 1024)
        {
            throw new ArgumentException($"The blob name is {blobName.Length} characters long; the Blob service allows at most 1,024.", nameof(blobName));
        }

        _pipeline = pipeline;
        BlobContainerName = containerName;
        Name = blobName;
        Path = $"/{containerName}/{string.Join('/', blobName.Split('/').Select(Uri.EscapeDataString))}";
    }

    public virtual string Name { get; }

    public virtual string BlobContainerName { get; }

    public virtual string AccountName => _pipeline.AccountName;

    public virtual Uri Uri => new(_pipeline.EndpointBase + Path);

    /// <summary>True when the client holds the account key, so <see cref="GenerateSasUri"/> can sign locally.</summary>
    public virtual bool CanGenerateSasUri => _pipeline.SharedKey is not null;

    /// <summary>The escaped path below the service endpoint.</summary>
    internal string Path { get; }

    internal StoragePipeline Pipeline => _pipeline;

    /// <summary>Uploads <paramref name="content"/> as a block blob in one request.</summary>
    /// <exception cref="BlobAlreadyExistsException"><see cref="BlobUploadOptions.Overwrite"/> is false and the blob exists.</exception>
    public virtual async Task<Response<BlobContentInfo>> UploadAsync(BinaryData content, BlobUploadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        options ??= new BlobUploadOptions();
        using var message = _pipeline.CreateMessage(RequestMethod.Put, Path);
        var request = message.Request;
        request.Headers.SetValue("x-ms-blob-type", "BlockBlob");
        request.Headers.SetValue("x-ms-blob-content-type", options.ContentType ?? "application/octet-stream");
        foreach (var (name, value) in options.Metadata ?? new Dictionary<string, string>())
        {
            request.Headers.SetValue(MetadataPrefix + name, value);
        }

        if (!options.Overwrite)
        {
            request.Headers.SetValue("If-None-Match", "*");
        }

        request.Content = RequestContent.Create(content);
        var response = await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(new BlobContentInfo(response.Headers.ETag ?? default, LastModified(response)), response);
    }

    /// <summary>Downloads the whole blob into memory.</summary>
    /// <exception cref="RequestFailedException">No such blob (404, ErrorCode BlobNotFound).</exception>
    public virtual async Task<Response<BlobDownloadResult>> DownloadContentAsync(CancellationToken cancellationToken = default)
    {
        using var message = _pipeline.CreateMessage(RequestMethod.Get, Path);
        var response = await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(new BlobDownloadResult(response.Content, ReadProperties(response)), response);
    }

    /// <summary>Starts a download and hands over the open network stream; dispose the result when done.</summary>
    public virtual async Task<Response<BlobDownloadStreamingResult>> DownloadStreamingAsync(CancellationToken cancellationToken = default)
    {
        // Not disposed on success: the caller's stream owns the connection until it is disposed.
        var message = _pipeline.CreateMessage(RequestMethod.Get, Path);
        message.BufferResponse = false;
        try
        {
            var response = await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
            return Response.FromValue(new BlobDownloadStreamingResult(response.ContentStream ?? Stream.Null, ReadProperties(response)), response);
        }
        catch
        {
            message.Dispose();
            throw;
        }
    }

    /// <summary>Reads content type, length, ETag, metadata and lease state without the content.</summary>
    public virtual async Task<Response<BlobProperties>> GetPropertiesAsync(CancellationToken cancellationToken = default)
    {
        using var message = _pipeline.CreateMessage(RequestMethod.Head, Path);
        var response = await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(ReadProperties(response), response);
    }

    public virtual async Task<Response<bool>> ExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = _pipeline.CreateMessage(RequestMethod.Head, Path);
        var response = await _pipeline.SendAsync(message, cancellationToken, 404).ConfigureAwait(false);
        return Response.FromValue(response.Status != 404, response);
    }

    /// <summary>Deletes the blob and its snapshots; the value says whether it existed.</summary>
    public virtual async Task<Response<bool>> DeleteIfExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = _pipeline.CreateMessage(RequestMethod.Delete, Path);
        message.Request.Headers.SetValue("x-ms-delete-snapshots", "include");
        var response = await _pipeline.SendAsync(message, cancellationToken, 404).ConfigureAwait(false);
        return Response.FromValue(response.Status != 404, response);
    }

    /// <summary>A lease client for this blob, with <paramref name="leaseId"/> or a new random lease id.</summary>
    public virtual BlobLeaseClient GetBlobLeaseClient(string? leaseId = null) => new(this, leaseId);

    /// <summary>
    /// A URL that grants <paramref name="permissions"/> on this blob until <paramref name="expiresOn"/> to anyone
    /// holding it, usable with a plain HTTP GET. Signed locally with the account key.
    /// </summary>
    /// <exception cref="InvalidOperationException">The client was built without the account key.</exception>
    public virtual Uri GenerateSasUri(BlobSasPermissions permissions, DateTimeOffset expiresOn)
    {
        var key = _pipeline.SharedKey ?? throw new InvalidOperationException(
            "A service SAS needs the account key; this client authenticates with a TokenCredential, so use GenerateUserDelegationSasUriAsync.");
        return new Uri($"{Uri.AbsoluteUri}?{BlobSas.ServiceSas(key, BlobContainerName, Name, permissions, expiresOn, HttpsOnly)}");
    }

    /// <summary>
    /// A user-delegation SAS URL: asks the service for a key valid until <paramref name="expiresOn"/> (needs a
    /// client built with a <see cref="TokenCredential"/> allowed to generate one) and signs with it.
    /// </summary>
    public virtual async Task<Uri> GenerateUserDelegationSasUriAsync(BlobSasPermissions permissions, DateTimeOffset expiresOn, CancellationToken cancellationToken = default)
    {
        var key = await BlobServiceClient.GetUserDelegationKeyAsync(_pipeline, DateTimeOffset.UtcNow.AddMinutes(-5), expiresOn, cancellationToken).ConfigureAwait(false);
        return GenerateUserDelegationSasUri(permissions, expiresOn, key.Value);
    }

    /// <summary>A user-delegation SAS URL signed with a key obtained earlier (keys can serve many URLs until they expire).</summary>
    public virtual Uri GenerateUserDelegationSasUri(BlobSasPermissions permissions, DateTimeOffset expiresOn, UserDelegationKey userDelegationKey)
    {
        ArgumentNullException.ThrowIfNull(userDelegationKey);
        return new Uri($"{Uri.AbsoluteUri}?{BlobSas.UserDelegationSas(userDelegationKey, AccountName, BlobContainerName, Name, permissions, expiresOn, HttpsOnly)}");
    }

    private bool HttpsOnly => _pipeline.Endpoint.Scheme == Uri.UriSchemeHttps;

    internal static DateTimeOffset? LastModified(Response response) =>
        response.Headers.TryGetValue("Last-Modified", out var value)
            ? DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            : null;

    private static BlobProperties ReadProperties(Response response)
    {
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers)
        {
            if (header.Name.StartsWith(MetadataPrefix, StringComparison.OrdinalIgnoreCase))
            {
                metadata[header.Name[MetadataPrefix.Length..]] = header.Value;
            }
        }

        response.Headers.TryGetValue("x-ms-lease-state", out var leaseState);
        return new BlobProperties(
            response.Headers.ContentType,
            response.Headers.ContentLength ?? 0,
            response.Headers.ETag ?? default,
            LastModified(response),
            metadata,
            leaseState);
    }
}
