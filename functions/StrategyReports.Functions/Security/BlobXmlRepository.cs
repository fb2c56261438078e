using System.Xml.Linq;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace StrategyReports.Functions.Security;

/// <summary>
/// Keeps the Data Protection key ring in blob container <c>dataprotection</c>, one blob per key, so every
/// instance of the app reads the same keys and a session cookie issued by one is understood by all.
/// Written against members the Azure SDK's blob clients share, so moving to the SDK changes only usings.
/// </summary>
public sealed class BlobXmlRepository(BlobContainerClient container) : IXmlRepository
{
    public const string ContainerName = "dataprotection";

    // IXmlRepository is synchronous; the key ring is read at start and about once a day after.
    public IReadOnlyCollection<XElement> GetAllElements() => GetAllElementsAsync().GetAwaiter().GetResult();

    public void StoreElement(XElement element, string friendlyName) => StoreElementAsync(element, friendlyName).GetAwaiter().GetResult();

    private async Task<IReadOnlyCollection<XElement>> GetAllElementsAsync()
    {
        await container.CreateIfNotExistsAsync();
        var elements = new List<XElement>();
        await foreach (var item in container.GetBlobsAsync())
        {
            var content = await container.GetBlobClient(item.Name).DownloadContentAsync();
            elements.Add(XElement.Parse(content.Value.Content.ToString()));
        }

        return elements;
    }

    private async Task StoreElementAsync(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        await container.CreateIfNotExistsAsync();
        // Friendly names are unique per key ("key-{guid}"), so an upload never replaces another key.
        await container.GetBlobClient($"{friendlyName}.xml").UploadAsync(BinaryData.FromString(element.ToString(SaveOptions.DisableFormatting)), cancellationToken: default);
    }
}
