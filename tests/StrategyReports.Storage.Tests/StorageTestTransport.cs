using Azure.Core;
using Azure.Core.Pipeline;
using StrategyReports.Storage.Blobs;
using StrategyReports.Storage.Tables;
using StrategyReports.TestSupport;

namespace StrategyReports.Storage.Tests;

/// <summary>Counts the requests that reach the network, so tests can prove nothing was sent.</summary>
internal sealed class CountingHandler : DelegatingHandler
{
    private int _count;

    public CountingHandler()
        : base(new HttpClientHandler())
    {
    }

    public int Count => _count;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _count);
        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>Clients against the fixture's Azurite, optionally through a handler that observes or injects faults.</summary>
internal static class TestClients
{
    public static TableServiceClient Tables(AzuriteFixture azurite, HttpMessageHandler? handler = null) =>
        new(azurite.ConnectionString, WithTransport(new TableClientOptions(), handler));

    public static BlobServiceClient Blobs(AzuriteFixture azurite, HttpMessageHandler? handler = null) =>
        new(azurite.ConnectionString, WithTransport(new BlobClientOptions(), handler));

    public static async Task<TableClient> NewTableAsync(AzuriteFixture azurite, HttpMessageHandler? handler = null)
    {
        var table = Tables(azurite, handler).GetTableClient("t" + Guid.NewGuid().ToString("N"));
        await table.CreateIfNotExistsAsync();
        return table;
    }

    public static async Task<BlobContainerClient> NewContainerAsync(AzuriteFixture azurite, HttpMessageHandler? handler = null)
    {
        var container = Blobs(azurite, handler).GetBlobContainerClient("c" + Guid.NewGuid().ToString("N"));
        await container.CreateIfNotExistsAsync();
        return container;
    }

    public static T WithTransport<T>(T options, HttpMessageHandler? handler)
        where T : Azure.Core.ClientOptions
    {
        options.Retry.Delay = TimeSpan.FromMilliseconds(50);
        if (handler is not null)
        {
            options.Transport = new HttpClientTransport(new HttpClient(handler, disposeHandler: false));
        }

        return options;
    }
}

/// <summary>A token credential that always hands out the same bearer token, as a managed identity would.</summary>
internal sealed class FixedTokenCredential(string token) : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(token, DateTimeOffset.UtcNow.AddHours(1));

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
