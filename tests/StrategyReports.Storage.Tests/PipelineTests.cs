using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Net;
using Azure;
using Azure.Core.Diagnostics;
using StrategyReports.Storage.Blobs;
using StrategyReports.Storage.Tables;
using StrategyReports.TestSupport;

namespace StrategyReports.Storage.Tests;

public class PipelineTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_transport_answering_503_twice_then_200_succeeds()
    {
        var table = await TestClients.NewTableAsync(azurite);
        using var flaky = new FlakyHandler(failures: 2);
        var retried = TestClients.Tables(azurite, flaky).GetTableClient(table.Name);

        await retried.AddEntityAsync(new TableEntity("p", "r") { ["Value"] = 1 });

        Assert.Equal(3, flaky.Count);
        Assert.Equal(1, (await table.GetEntityAsync("p", "r")).Value.GetInt32("Value"));
    }

    [Fact]
    public async Task Blob_uploads_are_retried_and_re_signed_on_every_attempt()
    {
        var container = await TestClients.NewContainerAsync(azurite);
        using var flaky = new FlakyHandler(failures: 2);
        var retried = TestClients.Blobs(azurite, flaky).GetBlobContainerClient(container.Name).GetBlobClient("retry.txt");

        await retried.UploadAsync(BinaryData.FromString("after two 503s"));

        Assert.Equal(3, flaky.Count);
        Assert.Equal("after two 503s", (await container.GetBlobClient("retry.txt").DownloadContentAsync()).Value.Content.ToString());
    }

    [Fact]
    public async Task A_stopped_Azurite_gives_a_clear_error_within_a_bounded_time()
    {
        var stopped = new AzuriteFixture();
        await stopped.StartAsync();
        var tables = new TableServiceClient(stopped.ConnectionString);
        var blobs = new BlobServiceClient(stopped.ConnectionString);
        stopped.Stop();

        var clock = Stopwatch.StartNew();
        var tableCall = Assert.ThrowsAsync<StorageUnreachableException>(() => tables.GetPropertiesAsync());
        var blobCall = Assert.ThrowsAsync<StorageUnreachableException>(() => blobs.GetBlobContainerClient("reports").GetBlobClient("a").DownloadContentAsync());
        var tableError = await tableCall;
        var blobError = await blobCall;
        clock.Stop();

        // Default retry options: 1 try and 3 retries with exponential back-off from 0.8 s.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Assert.Equal(4, tableError.Attempts);
        Assert.Equal(0, tableError.Status);
        Assert.Equal(StorageUnreachableException.UnreachableErrorCode, blobError.ErrorCode);
        Assert.Contains("could not be reached after 4 attempt(s)", tableError.Message, StringComparison.Ordinal);
        Assert.Contains(stopped.TableEndpoint.Authority, tableError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_account_key_is_a_403_with_the_service_error_code()
    {
        var wrongKey = new StorageSharedKeyCredential(AzuriteFixture.AccountName, Convert.ToBase64String(new byte[64]));
        var tables = new TableServiceClient(azurite.TableEndpoint, wrongKey);
        var blobs = new BlobServiceClient(azurite.BlobEndpoint, wrongKey);

        var tableError = await Assert.ThrowsAsync<RequestFailedException>(() => tables.GetPropertiesAsync());
        var blobError = await Assert.ThrowsAsync<RequestFailedException>(() => blobs.GetPropertiesAsync());

        Assert.Equal(403, tableError.Status);
        Assert.Equal(403, blobError.Status);
        Assert.Equal("AuthorizationFailure", blobError.ErrorCode);
    }

    [Fact]
    public async Task Clients_built_from_endpoint_and_key_reach_Azurite()
    {
        var key = new StorageSharedKeyCredential(AzuriteFixture.AccountName, AzuriteFixture.AccountKey);

        var tables = await new TableServiceClient(azurite.TableEndpoint, key).GetPropertiesAsync();
        var blobs = await new BlobServiceClient(azurite.BlobEndpoint, key).GetPropertiesAsync();

        Assert.Equal(200, tables.Status);
        Assert.Equal(200, blobs.Status);
        Assert.True(tables.Headers.TryGetValue("x-ms-request-id", out _));
    }

    [Fact]
    public async Task Request_logs_show_the_storage_headers_but_never_signatures_or_filter_values()
    {
        var table = await TestClients.NewTableAsync(azurite);
        var log = new ConcurrentQueue<string>();
        using (new AzureEventSourceListener((_, message) => log.Enqueue(message), EventLevel.Verbose))
        {
            await table.QueryAsync(TableFilter.Create($"Partner eq {"Hidden Valley Care"}"), maxPerPage: 5).ToListAsync();
        }

        var text = string.Join('\n', log);
        Assert.Contains("x-ms-version:2019-02-02", text, StringComparison.Ordinal);
        Assert.Contains("$top=5", text, StringComparison.Ordinal);
        Assert.Contains("Authorization:REDACTED", text, StringComparison.Ordinal);
        Assert.DoesNotContain("SharedKeyLite", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Hidden", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bearer_tokens_go_to_public_endpoints_with_the_pinned_version_on_every_attempt()
    {
        using var service = new RecordingService(HttpStatusCode.ServiceUnavailable, HttpStatusCode.NoContent);
        var tables = new TableServiceClient(new Uri("https://bury.table.core.windows.net/"), new FixedTokenCredential("mi-token"), TestClients.WithTransport(new TableClientOptions(), service));

        Assert.True((await tables.GetTableClient("Returns").CreateIfNotExistsAsync()).Value);

        Assert.Equal(2, service.Requests.Count);
        Assert.All(service.Requests, r =>
        {
            Assert.Equal("https://bury.table.core.windows.net/Tables", r.Uri);
            Assert.Equal("Bearer mi-token", r.Authorization);
            Assert.Equal(TableClientOptions.ServiceVersion, r.Version);
            Assert.NotNull(r.Date);
        });
    }

    /// <summary>Answers with the given statuses in turn and records what each request carried.</summary>
    private sealed class RecordingService(params HttpStatusCode[] statuses) : HttpMessageHandler
    {
        public List<(string Uri, string? Authorization, string? Version, string? Date)> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add((
                request.RequestUri!.AbsoluteUri,
                request.Headers.Authorization?.ToString(),
                request.Headers.TryGetValues("x-ms-version", out var version) ? version.Single() : null,
                request.Headers.TryGetValues("x-ms-date", out var date) ? date.Single() : null));
            return Task.FromResult(new HttpResponseMessage(statuses[Math.Min(Requests.Count, statuses.Length) - 1]) { RequestMessage = request });
        }
    }

    /// <summary>Answers 503 to the first requests, then passes the rest to the real service.</summary>
    private sealed class FlakyHandler(int failures) : DelegatingHandler(new HttpClientHandler())
    {
        private int _count;

        public int Count => _count;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _count) <= failures
                ? Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { RequestMessage = request })
                : base.SendAsync(request, cancellationToken);
    }
}
