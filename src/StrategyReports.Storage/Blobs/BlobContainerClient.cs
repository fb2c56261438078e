using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Azure;
using Azure.Core;
using StrategyReports.Storage.Internal;

namespace StrategyReports.Storage.Blobs;

/// <summary>One blob container: create, list, delete, and clients for its blobs.</summary>
public partial class BlobContainerClient
{
    private readonly StoragePipeline _pipeline;

    /// <summary>For mocking.</summary>
    protected BlobContainerClient()
    {
        _pipeline = null!;
        Name = string.Empty;
    }

    internal BlobContainerClient(StoragePipeline pipeline, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!ContainerName().IsMatch(name) || name.Contains("--", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"'{name}' is not a valid container name: use 3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.",
                nameof(name));
        }

        _pipeline = pipeline;
        Name = name;
    }

    public virtual string Name { get; }

    public virtual string AccountName => _pipeline.AccountName;

    public virtual Uri Uri => new($"{_pipeline.EndpointBase}/{Name}");

    /// <summary>A client for one blob; no request is made. Names may contain '/' to form virtual folders.</summary>
    public virtual BlobClient GetBlobClient(string blobName) => new(_pipeline, Name, blobName);

    /// <summary>Creates the container (private access) unless it exists; the value says whether this call created it.</summary>
    public virtual async Task<Response<bool>> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateContainerMessage(RequestMethod.Put);
        var response = await _pipeline.SendAsync(message, cancellationToken, 409).ConfigureAwait(false);
        return Response.FromValue(response.Status != 409, response);
    }

    /// <summary>Deletes the container and its blobs; the value says whether it existed.</summary>
    public virtual async Task<Response<bool>> DeleteIfExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateContainerMessage(RequestMethod.Delete);
        var response = await _pipeline.SendAsync(message, cancellationToken, 404).ConfigureAwait(false);
        return Response.FromValue(response.Status != 404, response);
    }

    public virtual async Task<Response<bool>> ExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateContainerMessage(RequestMethod.Head);
        var response = await _pipeline.SendAsync(message, cancellationToken, 404).ConfigureAwait(false);
        return Response.FromValue(response.Status != 404, response);
    }

    /// <summary>Lists blobs whose names start with <paramref name="prefix"/>, in name order, a page per request.</summary>
    public virtual AsyncPageable<BlobItem> GetBlobsAsync(string? prefix = null, CancellationToken cancellationToken = default) =>
        StoragePageable<BlobItem>.OnePageAtATime((marker, pageSize, ct) => ListPageAsync(prefix, marker, pageSize, ct), cancellationToken);

    private HttpMessage CreateContainerMessage(RequestMethod method)
    {
        var message = _pipeline.CreateMessage(method, "/" + Name);
        message.Request.Uri.AppendQuery("restype", "container");
        return message;
    }

    private async Task<Page<BlobItem>> ListPageAsync(string? prefix, string? marker, int? pageSize, CancellationToken cancellationToken)
    {
        using var message = CreateContainerMessage(RequestMethod.Get);
        var uri = message.Request.Uri;
        uri.AppendQuery("comp", "list");
        if (!string.IsNullOrEmpty(prefix))
        {
            uri.AppendQuery("prefix", prefix);
        }

        if (!string.IsNullOrEmpty(marker))
        {
            uri.AppendQuery("marker", marker);
        }

        if (pageSize is { } size)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(size, 1, nameof(pageSize));
            uri.AppendQuery("maxresults", size.ToString(CultureInfo.InvariantCulture));
        }

        var response = await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var root = XDocument.Parse(response.Content.ToString()).Root!;
        var items = root.Element("Blobs")?.Elements("Blob").Select(ReadItem).ToList() ?? [];
        var next = root.Element("NextMarker")?.Value;
        return Page<BlobItem>.FromValues(items, string.IsNullOrEmpty(next) ? null : next, response);
    }

    private static BlobItem ReadItem(XElement blob)
    {
        var properties = blob.Element("Properties");
        string? Property(string name) => properties?.Element(name)?.Value;
        var lastModified = Property("Last-Modified");
        var etag = Property("Etag");
        return new BlobItem(
            blob.Element("Name")?.Value ?? string.Empty,
            long.TryParse(Property("Content-Length"), NumberStyles.None, CultureInfo.InvariantCulture, out var length) ? length : 0,
            string.IsNullOrEmpty(Property("Content-Type")) ? null : Property("Content-Type"),
            etag is null ? default : new ETag(etag),
            lastModified is null ? null : DateTimeOffset.Parse(lastModified, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex ContainerName();
}
