using System.Net;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using StrategyReports.Storage.Blobs;
using StrategyReports.TestSupport;

namespace StrategyReports.Storage.Tests;

public sealed class BlobSasTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly HttpClient _plainHttp = new();

    public void Dispose() => _plainHttp.Dispose();

    [Fact]
    public async Task A_service_SAS_URL_downloads_with_a_plain_GET()
    {
        var blob = await ReportAsync("highlight report");

        var sas = blob.GenerateSasUri(BlobSasPermissions.Read, DateTimeOffset.UtcNow.AddMinutes(5));
        using var response = await _plainHttp.GetAsync(sas);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("highlight report", await response.Content.ReadAsStringAsync());
        Assert.Contains("sp=r&", sas.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_SAS_URL_fails_once_expired()
    {
        var blob = await ReportAsync("board pack");
        var expiresOn = DateTimeOffset.UtcNow.AddSeconds(3);
        var sas = blob.GenerateSasUri(BlobSasPermissions.Read, expiresOn);

        using var before = await _plainHttp.GetAsync(sas);
        await Task.Delay(expiresOn - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1.5));
        using var after = await _plainHttp.GetAsync(sas);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
    }

    [Theory]
    [InlineData("sp=r&", "sp=rw&")]
    [InlineData("/highlight.pdf?", "/other.pdf?")]
    [InlineData("se=20", "se=21")]
    [InlineData("sig=", "sig=A")]
    public async Task A_tampered_SAS_URL_is_refused(string original, string tampered)
    {
        var blob = await ReportAsync("secret numbers");
        await blob.GetParentContainer(azurite).GetBlobClient("other.pdf").UploadAsync(BinaryData.FromString("other"));
        var sas = blob.GenerateSasUri(BlobSasPermissions.Read, DateTimeOffset.UtcNow.AddMinutes(5)).AbsoluteUri;
        Assert.Contains(original, sas, StringComparison.Ordinal);

        using var response = await _plainHttp.GetAsync(sas.Replace(original, tampered, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_user_delegation_SAS_signed_with_a_service_key_downloads_and_refuses_tampering()
    {
        var blob = await ReportAsync("pulse survey results");
        var key = AzuriteUserDelegationKey.Issue("0f1e2d3c-aaaa-4bbb-8ccc-123456789abc", "72f988bf-86f1-41af-91ab-2d7cd011db47", DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));

        var sas = blob.GenerateUserDelegationSasUri(BlobSasPermissions.Read, DateTimeOffset.UtcNow.AddMinutes(5), key);
        using var response = await _plainHttp.GetAsync(sas);
        using var tampered = await _plainHttp.GetAsync(sas.AbsoluteUri.Replace("skoid=0f1e", "skoid=1f1e", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("pulse survey results", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
    }

    [Fact]
    public async Task A_token_credential_client_fetches_a_user_delegation_key_and_signs_an_https_only_URL()
    {
        var keyService = new UserDelegationKeyService();
        var service = new BlobServiceClient(
            new Uri("https://bury.blob.core.windows.net"),
            new FixedTokenCredential("managed-identity-token"),
            TestClients.WithTransport(new BlobClientOptions(), keyService));
        var blob = service.GetBlobContainerClient("reports").GetBlobClient("q1/people-board.pdf");

        var sas = await blob.GenerateUserDelegationSasUriAsync(BlobSasPermissions.Read, DateTimeOffset.UtcNow.AddMinutes(10));

        Assert.Equal("Bearer managed-identity-token", keyService.Authorization);
        Assert.Contains("<KeyInfo><Start>", keyService.Body, StringComparison.Ordinal);
        Assert.False(blob.CanGenerateSasUri);
        Assert.Throws<InvalidOperationException>(() => blob.GenerateSasUri(BlobSasPermissions.Read, DateTimeOffset.UtcNow.AddMinutes(1)));
        Assert.StartsWith("https://bury.blob.core.windows.net/reports/q1/people-board.pdf?", sas.AbsoluteUri, StringComparison.Ordinal);
        foreach (var field in new[] { "spr=https&", "sr=b&", "sp=r&", "skoid=oid-1&", "sktid=tid-1&", "sks=b&", "sig=" })
        {
            Assert.Contains(field, sas.Query, StringComparison.Ordinal);
        }
    }

    private async Task<BlobClient> ReportAsync(string content)
    {
        var container = await TestClients.NewContainerAsync(azurite);
        var blob = container.GetBlobClient("highlight.pdf");
        await blob.UploadAsync(BinaryData.FromString(content));
        return blob;
    }

    /// <summary>
    /// Azurite derives user delegation keys from a fixed seed (it issues them only over HTTPS with OAuth),
    /// so a key made the same way lets the test check our signature against Azurite's validation.
    /// </summary>
    private static class AzuriteUserDelegationKey
    {
        public static UserDelegationKey Issue(string objectId, string tenantId, DateTimeOffset startsOn, DateTimeOffset expiresOn)
        {
            var start = startsOn.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            var expiry = expiresOn.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            const string version = BlobClientOptions.ServiceVersion;
            var value = HMACSHA256.HashData(
                Encoding.UTF8.GetBytes("azurite-user-delegation-signing-seed-v1"),
                Encoding.UTF8.GetBytes(string.Join('\n', objectId, tenantId, start, expiry, "b", version)));
            return new UserDelegationKey(objectId, tenantId, DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(expiry, System.Globalization.CultureInfo.InvariantCulture), "b", version, Convert.ToBase64String(value));
        }
    }

    /// <summary>Stands in for the Blob service's user delegation key endpoint, recording what the client sent.</summary>
    private sealed class UserDelegationKeyService : HttpMessageHandler
    {
        public string? Authorization { get; private set; }

        public string Body { get; private set; } = string.Empty;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Assert.Equal(HttpMethod.Post, request.Method);
            Assert.Equal("https://bury.blob.core.windows.net/?restype=service&comp=userdelegationkey", request.RequestUri!.AbsoluteUri);
            Authorization = request.Headers.Authorization?.ToString();
            Body = await request.Content!.ReadAsStringAsync(cancellationToken);
            const string key = """
                <?xml version="1.0" encoding="utf-8"?>
                <UserDelegationKey><SignedOid>oid-1</SignedOid><SignedTid>tid-1</SignedTid><SignedStart>2026-01-01T00:00:00Z</SignedStart>
                <SignedExpiry>2026-01-01T01:00:00Z</SignedExpiry><SignedService>b</SignedService><SignedVersion>2021-12-02</SignedVersion>
                <Value>a2V5LWZvci10ZXN0cw==</Value></UserDelegationKey>
                """;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(key, Encoding.UTF8, "application/xml") };
        }
    }
}

internal static class BlobTestExtensions
{
    public static BlobContainerClient GetParentContainer(this BlobClient blob, AzuriteFixture azurite) =>
        TestClients.Blobs(azurite).GetBlobContainerClient(blob.BlobContainerName);
}
