using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using StrategyReports.Functions.Hosting;

namespace StrategyReports.Functions.Storage;

/// <summary>Settings under <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>A storage connection string; when absent the Functions host's <c>AzureWebJobsStorage</c> is used.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>With <see cref="BlobEndpoint"/>: authenticate with Entra ID tokens (no keys) against these endpoints.</summary>
    public Uri? TableEndpoint { get; init; }

    public Uri? BlobEndpoint { get; init; }

    /// <summary>The user-assigned managed identity's client id, if the app uses one.</summary>
    public string? ManagedIdentityClientId { get; init; }

    /// <summary>Reads the section's four settings by name, without the configuration binder's reflection.</summary>
    /// <exception cref="InvalidOperationException">An endpoint is not an absolute URL.</exception>
    public static StorageOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        return new StorageOptions
        {
            ConnectionString = section[nameof(ConnectionString)],
            TableEndpoint = Endpoint(section, nameof(TableEndpoint)),
            BlobEndpoint = Endpoint(section, nameof(BlobEndpoint)),
            ManagedIdentityClientId = section[nameof(ManagedIdentityClientId)],
        };
    }

    private static Uri? Endpoint(IConfigurationSection section, string key) =>
        section[key] switch
        {
            null or "" => null,
            var value when Uri.TryCreate(value, UriKind.Absolute, out var endpoint) => endpoint,
            _ => throw new InvalidOperationException($"{Section}:{key} must be an absolute URL, such as https://account.table.core.windows.net/."),
        };
}

/// <summary>
/// The one place the storage clients are built: from a connection string (Azurite, <c>UseDevelopmentStorage=true</c>
/// or explicit endpoints) or from account endpoints with an Entra ID credential. Retries, timeouts and logging
/// are the SDK's, set here through the client options; nothing else retries storage calls.
/// </summary>
public static class StorageSetup
{
    /// <summary>Set by App Service and Functions when the app has a managed identity.</summary>
    public const string ManagedIdentityEndpointSetting = "IDENTITY_ENDPOINT";

    // No longer than the health probe waits: past that, the warm-up has nothing left to save.
    private static readonly TimeSpan WarmUpTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Registers the two clients, built as startup work (<see cref="StartupWork"/>): reading the settings and the connection string
    /// and setting up the SDKs' pipelines is among the costliest steps of a start, and needs nothing else of the app.
    /// </summary>
    public static IServiceCollection AddStrategyReportsStorage(this IServiceCollection services, IConfiguration configuration)
    {
        // The settings are read here, on the main thread: the rest of the setting up may still change the configuration.
        var options = StorageOptions.Read(configuration);
        var connectionString = options.ConnectionString ?? configuration["AzureWebJobsStorage"];
        var platformIdentity = !string.IsNullOrEmpty(configuration[ManagedIdentityEndpointSetting]);
        var clients = services.StartNow(() => CreateClients(options, connectionString, platformIdentity));
        services.AddSingleton(provider => clients(provider).Tables);
        services.AddSingleton(provider => clients(provider).Blobs);
        return services;
    }

    private static (TableServiceClient Tables, BlobServiceClient Blobs) CreateClients(StorageOptions options, string? connectionString, bool platformIdentity)
    {
        TableServiceClient tableClient;
        BlobServiceClient blobClient;
        if (options is { TableEndpoint: { } tables, BlobEndpoint: { } blobs })
        {
            var credential = ChooseCredential(options, platformIdentity);
            tableClient = new TableServiceClient(tables, credential, TableOptions());
            blobClient = new BlobServiceClient(blobs, credential, BlobOptions());
        }
        else if (!string.IsNullOrEmpty(connectionString))
        {
            tableClient = new TableServiceClient(connectionString, TableOptions());
            blobClient = new BlobServiceClient(connectionString, BlobOptions());
        }
        else
        {
            throw new InvalidOperationException(
                "No storage is configured: set Storage:ConnectionString (or AzureWebJobsStorage), or Storage:TableEndpoint and Storage:BlobEndpoint for an Entra ID credential.");
        }

        WarmUp(tableClient, blobClient);
        return (tableClient, blobClient);
    }

    /// <summary>
    /// Makes each client's first call in the background as soon as the clients exist, so the SDK's pipeline, the
    /// connection (in Azure with its TLS session and the managed identity's token) and the code behind them are
    /// ready while the rest of the app is set up, instead of being paid by the first request (docs/cold-start.md).
    /// The answers are dropped: <c>/api/health</c> and every store make their own calls, so nothing is reported
    /// reachable from this one, and a failure here only means the first real call pays the cost as before.
    /// </summary>
    private static void WarmUp(TableServiceClient tables, BlobServiceClient blobs) =>
        _ = Task.Run(async () =>
            {
                using var timeout = new CancellationTokenSource(WarmUpTimeout);
                await Task.WhenAll(tables.GetPropertiesAsync(timeout.Token), blobs.GetPropertiesAsync(timeout.Token));
            })
            .ContinueWith(static failed => failed.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>
    /// The app's managed identity when it has one (a user-assigned client id, or the platform's identity
    /// endpoint), otherwise <see cref="DefaultAzureCredential"/>, which finds a developer's sign-in.
    /// </summary>
    /// <param name="platformIdentity">Whether the platform gives the app an identity (<see cref="ManagedIdentityEndpointSetting"/> is set).</param>
    public static TokenCredential ChooseCredential(StorageOptions options, bool platformIdentity)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ManagedIdentityClientId is { Length: > 0 } clientId)
        {
            return new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
        }

        return platformIdentity ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned) : new DefaultAzureCredential();
    }

    public static TableClientOptions TableOptions()
    {
        var options = new TableClientOptions();
        Configure(options);
        return options;
    }

    public static BlobClientOptions BlobOptions()
    {
        var options = new BlobClientOptions();
        Configure(options);
        return options;
    }

    // A few quick retries: a caller waiting on a page would rather have a prompt 503 than a long hang.
    private static void Configure(ClientOptions options)
    {
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(400);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(4);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        options.Diagnostics.ApplicationId = "StrategyReports";

        // Bodies carry partners' returns and survey answers: never logged.
        options.Diagnostics.IsLoggingContentEnabled = false;
    }
}
