using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace StrategyReports.Storage.Internal;

/// <summary>
/// The Azure.Core pipeline of one storage service endpoint plus the few rules every call shares:
/// the pinned <c>x-ms-version</c>, typed errors, and a clear answer when the endpoint is unreachable.
/// </summary>
internal sealed class StoragePipeline
{
    /// <summary>Bearer tokens for Azure Storage are issued for this scope.</summary>
    public const string StorageScope = "https://storage.azure.com/.default";

    private readonly HttpPipeline _pipeline;
    private readonly string _version;
    private readonly int _attempts;

    private StoragePipeline(HttpPipeline pipeline, Uri endpoint, string version, int attempts, StorageSharedKeyCredential? sharedKey, string accountName)
    {
        _pipeline = pipeline;
        Endpoint = endpoint;
        _version = version;
        _attempts = attempts;
        SharedKey = sharedKey;
        AccountName = accountName;
    }

    public Uri Endpoint { get; }

    /// <summary>The service endpoint without a trailing slash, so escaped paths append cleanly.</summary>
    public string EndpointBase => Endpoint.AbsoluteUri.TrimEnd('/');

    public StorageSharedKeyCredential? SharedKey { get; }

    public string AccountName { get; }

    public static StoragePipeline Create(ClientOptions options, Uri endpoint, string version, HttpPipelinePolicy authentication, StorageSharedKeyCredential? sharedKey)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(endpoint);

        // Auth signs x-ms-date, so both sit in the per-retry slot and every attempt is freshly signed.
        var pipeline = HttpPipelineBuilder.Build(options, [], [StorageDatePolicy.Shared, authentication], new ResponseClassifier());
        return new StoragePipeline(pipeline, endpoint, version, options.Retry.MaxRetries + 1, sharedKey, sharedKey?.AccountName ?? AccountFromEndpoint(endpoint));
    }

    public HttpMessage CreateMessage(RequestMethod method, string path)
    {
        var message = _pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(Endpoint);
        request.Uri.AppendPath(path, escape: false);
        request.Headers.SetValue("x-ms-version", _version);
        return message;
    }

    /// <summary>Sends and returns the response, throwing a typed exception for error statuses unless <paramref name="allowed"/> lists them.</summary>
    public async Task<Response> SendAsync(HttpMessage message, CancellationToken cancellationToken, params int[] allowed)
    {
        try
        {
            await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (AggregateException e) when (!cancellationToken.IsCancellationRequested && e.InnerExceptions.All(IsTransportFailure))
        {
            throw new StorageUnreachableException(Endpoint, e.InnerExceptions.Count, e.InnerExceptions[^1]);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsTransportFailure(e))
        {
            throw new StorageUnreachableException(Endpoint, _attempts, e);
        }

        var response = message.Response;
        if (response.IsError && !allowed.Contains(response.Status))
        {
            if (!message.BufferResponse && response.ContentStream is { } stream)
            {
                // Streamed responses carry their error body unread; buffer it so the exception can quote it.
                var buffered = new MemoryStream();
                await stream.CopyToAsync(buffered, cancellationToken).ConfigureAwait(false);
                buffered.Position = 0;
                response.ContentStream = buffered;
            }

            throw StorageErrors.CreateException(response);
        }

        return response;
    }

    private static bool IsTransportFailure(Exception e) =>
        e is RequestFailedException { Status: 0 } and not StorageUnreachableException || e is TaskCanceledException or IOException;

    private static string AccountFromEndpoint(Uri endpoint)
    {
        // Path-style endpoints (Azurite, private links) carry the account as the first path segment.
        var segments = endpoint.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length > 0 ? segments[0] : endpoint.Host.Split('.')[0];
    }
}
