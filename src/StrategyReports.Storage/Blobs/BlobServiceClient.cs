using System.Globalization;
using System.Xml.Linq;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using StrategyReports.Storage.Internal;

namespace StrategyReports.Storage.Blobs;

/// <summary>A storage account's Blob service: its containers, a reachability check and user delegation keys.</summary>
public class BlobServiceClient
{
    private readonly StoragePipeline _pipeline;

    /// <summary>For mocking.</summary>
    protected BlobServiceClient()
    {
        _pipeline = null!;
    }

    /// <summary>Connects with a connection string (account key, or <c>UseDevelopmentStorage=true</c> for Azurite).</summary>
    public BlobServiceClient(string connectionString, BlobClientOptions? options = null)
        : this(StorageConnectionString.Parse(connectionString), options)
    {
    }

    /// <summary>Connects with Entra ID bearer tokens, such as a managed identity's.</summary>
    public BlobServiceClient(Uri endpoint, TokenCredential credential, BlobClientOptions? options = null)
        : this(endpoint, new BearerTokenAuthenticationPolicy(credential ?? throw new ArgumentNullException(nameof(credential)), StoragePipeline.StorageScope), null, options)
    {
    }

    /// <summary>Connects with the account key (SharedKey); SAS URLs can then be generated locally.</summary>
    public BlobServiceClient(Uri endpoint, StorageSharedKeyCredential credential, BlobClientOptions? options = null)
        : this(endpoint, new BlobSharedKeyPolicy(credential ?? throw new ArgumentNullException(nameof(credential))), credential, options)
    {
    }

    private BlobServiceClient(StorageConnectionString connection, BlobClientOptions? options)
        : this(
            connection.BlobEndpoint,
            connection.Credential ?? throw new FormatException("The storage connection string has no AccountKey; use the TokenCredential constructor instead."),
            options)
    {
    }

    private BlobServiceClient(Uri endpoint, HttpPipelinePolicy authentication, StorageSharedKeyCredential? sharedKey, BlobClientOptions? options)
    {
        _pipeline = StoragePipeline.Create(options ?? new BlobClientOptions(), endpoint, BlobClientOptions.ServiceVersion, authentication, sharedKey);
    }

    /// <summary>The Blob service endpoint.</summary>
    public virtual Uri Uri => _pipeline.Endpoint;

    public virtual string AccountName => _pipeline.AccountName;

    /// <summary>A client for one container; no request is made.</summary>
    /// <exception cref="ArgumentException">The name is not a valid container name.</exception>
    public virtual BlobContainerClient GetBlobContainerClient(string blobContainerName) => new(_pipeline, blobContainerName);

    /// <summary>Reads the service properties: a cheap call that proves the endpoint answers and the credential is accepted.</summary>
    public virtual async Task<Response> GetPropertiesAsync(CancellationToken cancellationToken = default)
    {
        using var message = _pipeline.CreateMessage(RequestMethod.Get, "/");
        message.Request.Uri.AppendQuery("restype", "service");
        message.Request.Uri.AppendQuery("comp", "properties");
        return await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Asks the service for a user delegation key; needs a client built with a <see cref="TokenCredential"/>.</summary>
    public virtual async Task<Response<UserDelegationKey>> GetUserDelegationKeyAsync(DateTimeOffset? startsOn, DateTimeOffset expiresOn, CancellationToken cancellationToken = default) =>
        await GetUserDelegationKeyAsync(_pipeline, startsOn, expiresOn, cancellationToken).ConfigureAwait(false);

    internal static async Task<Response<UserDelegationKey>> GetUserDelegationKeyAsync(StoragePipeline pipeline, DateTimeOffset? startsOn, DateTimeOffset expiresOn, CancellationToken cancellationToken)
    {
        using var message = pipeline.CreateMessage(RequestMethod.Post, "/");
        message.Request.Uri.AppendQuery("restype", "service");
        message.Request.Uri.AppendQuery("comp", "userdelegationkey");
        message.Request.Headers.SetValue("Content-Type", "application/xml");
        var keyInfo = new XElement(
            "KeyInfo",
            new XElement("Start", BlobSas.FormatTime(startsOn ?? DateTimeOffset.UtcNow)),
            new XElement("Expiry", BlobSas.FormatTime(expiresOn)));
        message.Request.Content = RequestContent.Create(BinaryData.FromString(keyInfo.ToString(SaveOptions.DisableFormatting)));
        var response = await pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);

        var key = XDocument.Parse(response.Content.ToString()).Root!;
        string Text(string name) => key.Element(name)?.Value ?? throw new InvalidOperationException($"The user delegation key answer has no {name}.");
        return Response.FromValue(
            new UserDelegationKey(
                Text("SignedOid"),
                Text("SignedTid"),
                DateTimeOffset.Parse(Text("SignedStart"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                DateTimeOffset.Parse(Text("SignedExpiry"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                Text("SignedService"),
                Text("SignedVersion"),
                Text("Value")),
            response);
    }
}
