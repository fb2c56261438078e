using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;

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

    public static IServiceCollection AddStrategyReportsStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var connectionString = options.ConnectionString ?? configuration["AzureWebJobsStorage"];
        if (options is { TableEndpoint: { } tables, BlobEndpoint: { } blobs })
        {
            var credential = ChooseCredential(options, configuration);
            services.AddSingleton(new TableServiceClient(tables, credential, TableOptions()));
            services.AddSingleton(new BlobServiceClient(blobs, credential, BlobOptions()));
        }
        else if (!string.IsNullOrEmpty(connectionString))
        {
            services.AddSingleton(new TableServiceClient(connectionString, TableOptions()));
            services.AddSingleton(new BlobServiceClient(connectionString, BlobOptions()));
        }
        else
        {
            throw new InvalidOperationException(
                "No storage is configured: set Storage:ConnectionString (or AzureWebJobsStorage), or Storage:TableEndpoint and Storage:BlobEndpoint for an Entra ID credential.");
        }

        return services;
    }

    /// <summary>
    /// The app's managed identity when it has one (a user-assigned client id, or the platform's identity
    /// endpoint), otherwise <see cref="DefaultAzureCredential"/>, which finds a developer's sign-in.
    /// </summary>
    public static TokenCredential ChooseCredential(StorageOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        if (options.ManagedIdentityClientId is { Length: > 0 } clientId)
        {
            return new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
        }

        return string.IsNullOrEmpty(configuration[ManagedIdentityEndpointSetting])
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
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
