using System.Security.Cryptography;
using Azure;
using StrategyReports.Storage.Blobs;
using StrategyReports.TestSupport;

namespace StrategyReports.Storage.Tests;

public class BlobTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_4_MiB_blob_round_trips_byte_identical_with_its_properties()
    {
        var container = await TestClients.NewContainerAsync(azurite);
        var blob = container.GetBlobClient("reports/2025-26-Q1/board pack – people board.pdf");
        var bytes = RandomNumberGenerator.GetBytes(4 * 1024 * 1024);
        var metadata = new Dictionary<string, string> { ["checksum"] = Convert.ToHexString(SHA256.HashData(bytes)), ["template"] = "v3" };

        var uploaded = await blob.UploadAsync(BinaryData.FromBytes(bytes), new BlobUploadOptions { ContentType = "application/pdf", Metadata = metadata });
        var content = (await blob.DownloadContentAsync()).Value;
        using var streaming = (await blob.DownloadStreamingAsync()).Value;
        using var copy = new MemoryStream();
        await streaming.Content.CopyToAsync(copy);
        var properties = (await blob.GetPropertiesAsync()).Value;

        Assert.Equal(bytes, content.Content.ToArray());
        Assert.Equal(bytes, copy.ToArray());
        Assert.Equal("application/pdf", content.Details.ContentType);
        Assert.Equal(bytes.Length, content.Details.ContentLength);
        Assert.Equal(uploaded.Value.ETag, content.Details.ETag);
        Assert.Equal(metadata, content.Details.Metadata);
        Assert.Equal(bytes.Length, properties.ContentLength);
        Assert.Equal(uploaded.Value.ETag, properties.ETag);
        Assert.Equal(metadata, properties.Metadata);
        Assert.Equal("application/pdf", streaming.Details.ContentType);
    }

    [Fact]
    public async Task Upload_without_overwrite_refuses_an_existing_blob_with_a_typed_error()
    {
        var container = await TestClients.NewContainerAsync(azurite);
        var blob = container.GetBlobClient("manifest.json");
        await blob.UploadAsync(BinaryData.FromString("first"), new BlobUploadOptions { Overwrite = false });

        var error = await Assert.ThrowsAsync<BlobAlreadyExistsException>(
            () => blob.UploadAsync(BinaryData.FromString("second"), new BlobUploadOptions { Overwrite = false }));
        var afterRefusal = (await blob.DownloadContentAsync()).Value.Content.ToString();
        await blob.UploadAsync(BinaryData.FromString("third"));

        Assert.Equal(409, error.Status);
        Assert.Equal("BlobAlreadyExists", error.ErrorCode);
        Assert.Equal("first", afterRefusal);
        Assert.Equal("third", (await blob.DownloadContentAsync()).Value.Content.ToString());
    }

    [Fact]
    public async Task Listing_by_prefix_pages_through_every_match_in_name_order()
    {
        var container = await TestClients.NewContainerAsync(azurite);
        var expected = Enumerable.Range(0, 25).Select(i => $"reports/2025-26-Q1/programme-{i:D2}.pdf").ToList();
        foreach (var name in expected.Append("reports/2025-26-Q2/programme-00.pdf").Append("manifests/2025-26-Q1.json"))
        {
            await container.GetBlobClient(name).UploadAsync(BinaryData.FromString(name), new BlobUploadOptions { ContentType = "text/plain" });
        }

        var pages = await container.GetBlobsAsync("reports/2025-26-Q1/").AsPages(pageSizeHint: 10).ToListAsync();
        var all = await container.GetBlobsAsync().ToListAsync();

        Assert.Equal([10, 10, 5], pages.Select(p => p.Values.Count));
        var items = pages.SelectMany(p => p.Values).ToList();
        Assert.Equal(expected, items.Select(b => b.Name));
        Assert.All(items, b => Assert.Equal(b.Name.Length, b.ContentLength));
        Assert.All(items, b => Assert.Equal("text/plain", b.ContentType));
        Assert.Equal(27, all.Count);
    }

    [Fact]
    public async Task Deleting_removes_the_blob_and_a_missing_blob_is_a_404()
    {
        var container = await TestClients.NewContainerAsync(azurite);
        var blob = container.GetBlobClient("old.html");
        await blob.UploadAsync(BinaryData.FromString("<p>old</p>"));

        Assert.True((await blob.DeleteIfExistsAsync()).Value);
        Assert.False((await blob.DeleteIfExistsAsync()).Value);
        Assert.False((await blob.ExistsAsync()).Value);
        var missing = await Assert.ThrowsAsync<RequestFailedException>(() => blob.DownloadContentAsync());
        var missingStream = await Assert.ThrowsAsync<RequestFailedException>(() => blob.DownloadStreamingAsync());
        var missingProperties = await Assert.ThrowsAsync<RequestFailedException>(() => blob.GetPropertiesAsync());
        Assert.Equal(404, missing.Status);
        Assert.Equal("BlobNotFound", missing.ErrorCode);
        Assert.Equal("BlobNotFound", missingStream.ErrorCode);
        Assert.Equal(404, missingProperties.Status);
    }

    [Fact]
    public async Task Containers_are_created_once_and_deleted_with_their_blobs()
    {
        var service = TestClients.Blobs(azurite);
        var container = service.GetBlobContainerClient("reports-" + Guid.NewGuid().ToString("N")[..8]);

        Assert.True((await container.CreateIfNotExistsAsync()).Value);
        Assert.False((await container.CreateIfNotExistsAsync()).Value);
        await container.GetBlobClient("a").UploadAsync(BinaryData.FromString("a"));
        Assert.True((await container.DeleteIfExistsAsync()).Value);
        Assert.False((await container.ExistsAsync()).Value);
        Assert.Equal(200, (await service.GetPropertiesAsync()).Status);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Reports")]
    [InlineData("reports--q1")]
    [InlineData("-reports")]
    public void Invalid_container_names_are_refused_before_any_request(string name) =>
        Assert.Throws<ArgumentException>(() => TestClients.Blobs(azurite).GetBlobContainerClient(name));
}
