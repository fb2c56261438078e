using Azure.Core;
using Azure.Identity;
using StrategyReports.Storage;
using StrategyReports.Storage.Blobs;
using StrategyReports.Storage.Tables;

namespace StrategyReports.Functions.Storage;

/// <summary>Settings under <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>A storage connection string; when absent the Functions host's <c>AzureWebJobsStorage</c> is used.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>With <see cref="BlobEndpoint"/>: use managed identity (no keys) against these endpoints.</summary>
    public Uri? TableEndpoint { get; init; }

    public Uri? BlobEndpoint { get; init; }

    /// <summary>The user-assigned managed identity's client id, if the app uses one.</summary>
    public string? ManagedIdentityClientId { get; init; }
}

public static class StorageSetup
{
    public static IServiceCollection AddStrategyReportsStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var connectionString = options.ConnectionString ?? configuration["AzureWebJobsStorage"];
        if (options is { TableEndpoint: { } tables, BlobEndpoint: { } blobs })
        {
            TokenCredential credential = new ManagedIdentityCredential(
                options.ManagedIdentityClientId is { Length: > 0 } id ? ManagedIdentityId.FromUserAssignedClientId(id) : ManagedIdentityId.SystemAssigned);
            services.AddSingleton(new TableServiceClient(tables, credential));
            services.AddSingleton(new BlobServiceClient(blobs, credential));
        }
        else if (!string.IsNullOrEmpty(connectionString))
        {
            services.AddSingleton(new TableServiceClient(connectionString));
            services.AddSingleton(new BlobServiceClient(connectionString));
        }
        else
        {
            throw new InvalidOperationException(
                "No storage is configured: set Storage:ConnectionString (or AzureWebJobsStorage), or Storage:TableEndpoint and Storage:BlobEndpoint for managed identity.");
        }

        return services;
    }
}
