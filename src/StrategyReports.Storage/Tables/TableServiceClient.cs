using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using StrategyReports.Storage.Internal;

namespace StrategyReports.Storage.Tables;

/// <summary>Options for the Table clients: Azure.Core retries, logging, transport and timeouts.</summary>
public class TableClientOptions : ClientOptions
{
    /// <summary>The Table service REST version every request pins; Azure and Azurite both accept it.</summary>
    public const string ServiceVersion = "2019-02-02";

    public TableClientOptions()
    {
        // Filters are left redacted in logs: they can carry partner names and other values.
        Internal.StorageLogging.Allow(Diagnostics, ["DataServiceVersion", "Prefer", "x-ms-continuation-NextPartitionKey", "x-ms-continuation-NextRowKey"], ["$top", "$select", "comp", "restype"]);
    }
}

/// <summary>A storage account's Table service: its tables and a cheap reachability check.</summary>
public class TableServiceClient
{
    private readonly StoragePipeline _pipeline;

    /// <summary>For mocking.</summary>
    protected TableServiceClient()
    {
        _pipeline = null!;
    }

    /// <summary>Connects with a connection string (account key, or <c>UseDevelopmentStorage=true</c> for Azurite).</summary>
    public TableServiceClient(string connectionString, TableClientOptions? options = null)
        : this(StorageConnectionString.Parse(connectionString), options)
    {
    }

    /// <summary>Connects with Entra ID bearer tokens, such as a managed identity's.</summary>
    public TableServiceClient(Uri endpoint, TokenCredential credential, TableClientOptions? options = null)
        : this(endpoint, new BearerTokenAuthenticationPolicy(credential ?? throw new ArgumentNullException(nameof(credential)), StoragePipeline.StorageScope), null, options)
    {
    }

    /// <summary>Connects with the account key (SharedKeyLite).</summary>
    public TableServiceClient(Uri endpoint, StorageSharedKeyCredential credential, TableClientOptions? options = null)
        : this(endpoint, new TableSharedKeyLitePolicy(credential ?? throw new ArgumentNullException(nameof(credential))), credential, options)
    {
    }

    private TableServiceClient(StorageConnectionString connection, TableClientOptions? options)
        : this(
            connection.TableEndpoint,
            connection.Credential ?? throw new FormatException("The storage connection string has no AccountKey; use the TokenCredential constructor instead."),
            options)
    {
    }

    private TableServiceClient(Uri endpoint, HttpPipelinePolicy authentication, StorageSharedKeyCredential? sharedKey, TableClientOptions? options)
    {
        _pipeline = StoragePipeline.Create(options ?? new TableClientOptions(), endpoint, TableClientOptions.ServiceVersion, authentication, sharedKey);
    }

    /// <summary>The Table service endpoint.</summary>
    public virtual Uri Uri => _pipeline.Endpoint;

    public virtual string AccountName => _pipeline.AccountName;

    /// <summary>A client for one table; no request is made.</summary>
    /// <exception cref="ArgumentException">The name is not a valid table name (3–63 letters and digits, starting with a letter).</exception>
    public virtual TableClient GetTableClient(string tableName) => new(_pipeline, tableName);

    /// <summary>Reads the service properties: a cheap call that proves the endpoint answers and the credential is accepted.</summary>
    public virtual async Task<Response> GetPropertiesAsync(CancellationToken cancellationToken = default)
    {
        using var message = _pipeline.CreateMessage(RequestMethod.Get, "/");
        message.Request.Uri.AppendQuery("restype", "service");
        message.Request.Uri.AppendQuery("comp", "properties");
        return await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
    }
}
