using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Data.Tables.Sas;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StrategyReports.Domain.Failures;
using StrategyReports.Domain.Periods;
using StrategyReports.Domain.Returns;
using StrategyReports.Domain.Rollups;
using StrategyReports.Domain.Strategies;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Reports;
using StrategyReports.Functions.Returns;
using StrategyReports.Functions.Rollups;
using StrategyReports.Functions.Security;
using StrategyReports.Functions.Strategies;
using StrategyReports.Functions.Surveys;
using StrategyReports.Functions.Tests.Rollups;
using StrategyReports.Surveys;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Storage;

/// <summary>
/// Storage written by the version before the SDK read through today's stores. Rows go in as raw
/// REST requests with exactly the JSON the earlier client sent (ints as bare numbers, dates as
/// <c>Edm.DateTime</c> with seven fraction digits, booleans, text), blobs and leases as raw REST
/// too, so nothing here relies on the SDK writing what it reads.
/// </summary>
public sealed class WireLayoutTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private static readonly Period Q2 = Period.Parse("2025-26-Q2");
    private static readonly DateTimeOffset PublishedAt = new(2025, 9, 30, 8, 15, 30, 123, TimeSpan.Zero);

    private readonly HttpClient _http = new();
    private readonly TableServiceClient _tables = new(azurite.ConnectionString);
    private readonly BlobServiceClient _blobs = new(azurite.ConnectionString);

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Strategy_and_return_rows_in_the_earlier_layout_read_unchanged()
    {
        var (strategy, strategies) = await SeedStrategyAsync("wire-returns");
        var partition = ReturnStore.PartitionKey(strategy.PartnershipId, Q2);
        var values = """{"sickness":{"numerator":20,"denominator":1000},"vacancies":40}""";
        var submittedAt = new DateTimeOffset(2025, 10, 3, 14, 5, 6, 789, TimeSpan.Zero);
        (string, object)[] ReturnRow(int version) =>
        [
            ("PartnerId", "council"), ("Version", version), ("StrategyVersion", 1), ("Values", values),
            ("SubmittedBy", "council@example.org"), ("SubmittedAt", submittedAt), ("IsLate", true),
            ("Changes", """[{"measure":"vacancies","from":null,"to":40}]"""), ("Achievements", "Two new starters."),
            ("Risks", "Winter pressures."), ("Credential", "api-key:test council"),
        ];
        await InsertRowAsync(ReturnStore.TableName, partition, ReturnStore.VersionRowKey("council", 1), ReturnRow(1));
        await InsertRowAsync(ReturnStore.TableName, partition, ReturnStore.LatestRowKey("council"), ReturnRow(1));
        await InsertRowAsync(ReturnStore.TableName, partition, ReturnStore.IdempotencyRowKey("council", "key-1"),
            ("RequestHash", "abc123"), ("Receipt", """{"version":1}"""), ("Version", 1));
        await InsertRowAsync(ReturnStore.TableName, partition, "reopened", ("ReopenedBy", "admin@example.org"), ("ReopenedAt", PublishedAt));

        var current = await strategies.GetCurrentAsync(strategy.PartnershipId);
        Assert.NotNull(current);
        Assert.Equal(new StrategyVersion(strategy.PartnershipId, 1, PublishedAt, "admin@example.org", current.Version.Sha256), current.Version);
        Assert.Equal(strategy.Name, current.Strategy.Name);
        Assert.Contains(new PartnershipSummary(strategy.PartnershipId, strategy.Name), await strategies.ListPartnershipsAsync());

        var returns = new ReturnStore(_tables, strategies);
        var latest = await returns.GetLatestAsync(strategy.PartnershipId, Q2, "council");
        Assert.NotNull(latest);
        var expected = new QuarterlyReturn(
            strategy.PartnershipId, Q2, "council", 1, 1,
            MeasureValueJson.Read(values, id => strategy.FindMeasure(id)?.Kind),
            new ReturnNarrative("Two new starters.", null, "Winter pressures."),
            "council@example.org", submittedAt, IsLate: true);
        Assert.Equal(MeasureValueJson.Write(expected.Values), MeasureValueJson.Write(latest.Return.Values));
        Assert.Equal(expected with { Values = latest.Return.Values }, latest.Return);
        Assert.Equal("api-key:test council", latest.Credential);
        Assert.Contains("vacancies", latest.ChangesJson, StringComparison.Ordinal);
        Assert.NotEqual(default, latest.ETag);

        Assert.Single(await returns.ListLatestAsync(strategy.PartnershipId, Q2));
        Assert.Equal(1, Assert.Single(await returns.ListVersionsAsync(strategy.PartnershipId, Q2, "council")).Return.Version);
        Assert.Equal(new IdempotentAnswer("abc123", """{"version":1}""", 1), await returns.GetIdempotentAnswerAsync(strategy.PartnershipId, Q2, "council", "key-1"));
        Assert.Equal(new Reopening("admin@example.org", PublishedAt), await returns.GetReopeningAsync(strategy.PartnershipId, Q2));

        // The next version commits against the ETag of the row the earlier client wrote.
        var (outcome, _) = await returns.SaveAsync(expected with { Version = 2 }, "[]", null, latest.ETag, null);
        Assert.Equal(SaveOutcome.Saved, outcome);
        Assert.Equal(2, (await returns.GetLatestAsync(strategy.PartnershipId, Q2, "council"))!.Return.Version);
    }

    [Fact]
    public async Task Survey_rows_in_the_earlier_layout_read_unchanged_and_their_codes_spend_once()
    {
        var (strategy, strategies) = await SeedStrategyAsync("wire-surveys");
        var surveyId = RollupSeed.SurveyId(strategy.PartnershipId);
        var partition = SurveyResponseStore.PartitionKey(strategy.PartnershipId, surveyId);
        var response = new SurveyResponse(surveyId, "trust", new DateOnly(2025, 8, 14), new Dictionary<string, SurveyAnswer> { ["supported"] = new LikertAnswer(4) });
        // Its random id starts with "b", as one in sixteen did, which is also how batch rows' keys start.
        await InsertRowAsync(SurveyResponseStore.TableName, partition, "b" + Guid.NewGuid().ToString("N")[1..],
            ("PartnerId", "trust"), ("Day", "2025-08-14"), ("Response", response.ToJson()));
        await InsertRowAsync(SurveyDirectory.TableName, surveyId, "", ("PartnershipId", strategy.PartnershipId));
        var code = "ABCDE-FGHJK";
        var options = new SurveyOptions { CodeSecret = "wire-layout-test-code-secret-of-32-chars" };
        var codeHash = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.CodeSecret), Encoding.UTF8.GetBytes("ABCDEFGHJK")));
        await InsertRowAsync(SurveyCodeStore.TableName, partition, codeHash, ("Spent", false));

        var stored = Assert.Single(await new SurveyResponseStore(_tables).ListAsync(strategy.PartnershipId, surveyId));
        Assert.Equal(response.ToJson(), stored.ToJson());

        var returns = new ReturnStore(_tables, strategies);
        var responses = new SurveyResponseStore(_tables);
        var codes = new SurveyCodeStore(_tables, TimeProvider.System, options);
        var staging = new SurveyStaging(_tables);
        var flush = new SurveyFlush(staging, responses, codes, new ResponseSeal(Encoding.UTF8.GetBytes(options.CodeSecret)), options, NullLogger<SurveyFlush>.Instance);
        var inputs = await new StoredRollupInputs(returns, new ReturnReviewStore(_tables, returns), new SurveyReleases(_tables, responses, flush, TimeProvider.System)).ReadAsync(strategy, Q2);

        // One response is fewer than any survey's minimum: read back above, it waits for a release and no rollup sees it.
        Assert.Empty(inputs.SurveyResponses);

        var directory = new SurveyDirectory(_tables, strategies, TimeProvider.System);
        Assert.Equal(strategy.PartnershipId, await directory.FindOwnerAsync(surveyId));

        Assert.True(await codes.IsRequiredAsync(strategy.PartnershipId, surveyId));
        var claim = await codes.ClaimAsync(strategy.PartnershipId, surveyId, code);
        Assert.NotNull(await staging.StageAsync(partition, [1, 2, 3], claim.Key));
        Assert.Null(await staging.StageAsync(partition, [4, 5, 6], (await codes.ClaimAsync(strategy.PartnershipId, surveyId, code)).Key));

        // Settled after the close, the earlier-layout row is marked spent and refused from then on.
        Assert.Equal(1, (await flush.FlushAsync(strategy.PartnershipId, surveyId, FlushOccasion.Closed)).CodesSettled);
        var again = await Assert.ThrowsAsync<ValidationFailedException>(() => codes.ClaimAsync(strategy.PartnershipId, surveyId, code));
        Assert.Equal(SurveyCodeStore.CodeField, Assert.Single(again.Errors).Key);
    }

    [Fact]
    public async Task Link_and_rollup_rows_and_report_blobs_in_the_earlier_layout_read_unchanged()
    {
        var (strategy, strategies) = await SeedStrategyAsync("wire-rollups");
        var expiresAt = new DateTimeOffset(2026, 9, 30, 8, 15, 30, TimeSpan.Zero);
        await InsertRowAsync(PersonalLinks.TableName, strategy.PartnershipId, "0123456789abcdef0123456789abcdef",
            ("PartnerId", "practice"), ("IssuedAt", PublishedAt), ("IssuedBy", "admin@example.org"), ("ExpiresAt", expiresAt), ("RevokedAt", PublishedAt.AddDays(1)));
        var links = new PersonalLinks(_tables, Options.Create(new PersonalLinkOptions { SigningKey = new string('k', 40) }), TimeProvider.System);
        Assert.Equal(
            new PersonalLink("0123456789abcdef0123456789abcdef", strategy.PartnershipId, "practice", PublishedAt, "admin@example.org", expiresAt, PublishedAt.AddDays(1)),
            Assert.Single(await links.ListAsync(strategy.PartnershipId)));

        var rollup = SampleRollups.Build(strategy, Q2);
        await InsertRowAsync(RollupStore.TableName, strategy.PartnershipId, Q2.Id,
            ("Version", 1), ("InputFingerprint", rollup.InputFingerprint), ("ComputedAt", PublishedAt));
        // Rollups stored before enums were named in kebab-case carry the enums' own names (LowerIsBetter).
        await PutBlobAsync(RollupStore.ContainerName, RollupStore.BlobName(strategy.PartnershipId, Q2, 1), Encoding.UTF8.GetBytes(EarlierLayouts.RollupWithEnumNames(RollupJson.Serialize(rollup))), "application/json");
        var rollups = new RollupStore(_tables, _blobs, TimeProvider.System);
        var state = await rollups.GetStateAsync(strategy.PartnershipId, Q2);
        Assert.Equal((1, rollup.InputFingerprint, PublishedAt), (state!.Version, state.InputFingerprint, state.ComputedAt));
        var storedRollup = await rollups.GetAsync(strategy.PartnershipId, Q2);
        Assert.Equal(RollupJson.Serialize(rollup), RollupJson.Serialize(storedRollup!.Rollup));

        var pdf = "%PDF-1.7 a stored report"u8.ToArray();
        var manifest = new ReportManifest(
            strategy.PartnershipId, Q2.Id, 1, rollup.InputFingerprint, 1, [new ReturnVersionUsed("council", 1, true)], "templates-1", PublishedAt, true,
            [new ReportFile("wellbeing.pdf", "highlight-report", "wellbeing", "Workforce Wellbeing", "application/pdf", "wire-rollups-2025-26-Q2-wellbeing.pdf", pdf.Length, ReportStore.Sha256(pdf))]);
        await PutBlobAsync(ReportStore.ContainerName, ReportStore.BlobName(strategy.PartnershipId, Q2, "wellbeing.pdf"), pdf, "application/pdf");
        await PutBlobAsync(ReportStore.ContainerName, ReportStore.BlobName(strategy.PartnershipId, Q2, ReportStore.ManifestName), ReportStore.Serialise(manifest), "application/json");
        var reports = new ReportStore(_blobs);
        var storedManifest = await reports.GetManifestAsync(strategy.PartnershipId, Q2);
        Assert.Equal(ReportStore.Serialise(manifest), ReportStore.Serialise(storedManifest!));
        Assert.Equal(pdf, await reports.GetFileAsync(storedManifest!, storedManifest!.Files[0]));
    }

    [Fact]
    public async Task A_lease_taken_the_earlier_way_keeps_the_lock_busy_until_released()
    {
        var name = $"rollups/wire-lease/{Q2.Id}";
        await PutBlobAsync(BlobSingletonLock.ContainerName, name, [], "application/octet-stream");
        var leaseId = Guid.NewGuid().ToString();
        await LeaseAsync(name, "acquire", ("x-ms-lease-duration", "60"), ("x-ms-proposed-lease-id", leaseId));
        var locks = new BlobSingletonLock(_blobs, NullLogger<BlobSingletonLock>.Instance);

        Assert.Null(await locks.TryAcquireAsync(name, CancellationToken.None));

        await LeaseAsync(name, "release", ("x-ms-lease-id", leaseId));
        await using var held = await locks.TryAcquireAsync(name, CancellationToken.None);
        Assert.NotNull(held);
    }

    private async Task<(Strategy Strategy, StrategyStore Store)> SeedStrategyAsync(string partnershipId)
    {
        var strategy = StrategyDocument.Parse(RollupSeed.StrategyJson(partnershipId), StrategyFormat.Json).Strategy!;
        var json = StrategyDocument.ToCanonicalJson(strategy);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
        await PutBlobAsync(StrategyStore.ContainerName, $"{partnershipId}/{sha256}.json", Encoding.UTF8.GetBytes(json), "application/json");
        await InsertRowAsync(StrategyStore.TableName, partnershipId, "999999998",
            ("Version", 1), ("PublishedAt", PublishedAt), ("PublishedBy", "admin@example.org"), ("Sha256", sha256), ("Name", strategy.Name));
        return (strategy, new StrategyStore(_tables, _blobs, TimeProvider.System));
    }

    /// <summary>Inserts a row as the earlier client's JSON: annotations only for the types JSON cannot carry.</summary>
    private async Task InsertRowAsync(string tableName, string partitionKey, string rowKey, params (string Name, object Value)[] properties)
    {
        var table = _tables.GetTableClient(tableName);
        await table.CreateIfNotExistsAsync();
        using var body = new MemoryStream();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("PartitionKey", partitionKey);
            writer.WriteString("RowKey", rowKey);
            foreach (var (name, value) in properties)
            {
                switch (value)
                {
                    case string s:
                        writer.WriteString(name, s);
                        break;
                    case int i:
                        writer.WriteNumber(name, i);
                        break;
                    case bool b:
                        writer.WriteBoolean(name, b);
                        break;
                    case DateTimeOffset d:
                        writer.WriteString(name + "@odata.type", "Edm.DateTime");
                        writer.WriteString(name, d.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
                        break;
                    default:
                        throw new ArgumentException($"The app stores no {value.GetType().Name} properties.", nameof(properties));
                }
            }

            writer.WriteEndObject();
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, table.GenerateSasUri(TableSasPermissions.All, DateTimeOffset.UtcNow.AddHours(1)));
        request.Headers.Add("x-ms-version", "2019-02-02");
        request.Headers.Add("DataServiceVersion", "3.0");
        request.Headers.Add("Prefer", "return-no-content");
        request.Headers.Accept.ParseAdd("application/json;odata=minimalmetadata");
        request.Content = new ByteArrayContent(body.ToArray());
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{tableName} insert: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private async Task PutBlobAsync(string containerName, string blobName, byte[] content, string contentType)
    {
        var container = _blobs.GetBlobContainerClient(containerName);
        await container.CreateIfNotExistsAsync();
        using var request = new HttpRequestMessage(HttpMethod.Put, BlobUri(containerName, blobName));
        request.Headers.Add("x-ms-version", "2021-12-02");
        request.Headers.Add("x-ms-blob-type", "BlockBlob");
        request.Content = new ByteArrayContent(content);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await _http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{blobName} upload: {(int)response.StatusCode}");
    }

    private async Task LeaseAsync(string blobName, string action, params (string Name, string Value)[] headers)
    {
        var uri = new UriBuilder(BlobUri(BlobSingletonLock.ContainerName, blobName));
        uri.Query = "comp=lease&" + uri.Query.TrimStart('?');
        using var request = new HttpRequestMessage(HttpMethod.Put, uri.Uri);
        request.Headers.Add("x-ms-version", "2021-12-02");
        request.Headers.Add("x-ms-lease-action", action);
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        using var response = await _http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"lease {action}: {(int)response.StatusCode}");
    }

    private Uri BlobUri(string containerName, string blobName)
    {
        var sas = _blobs.GetBlobContainerClient(containerName).GenerateSasUri(BlobContainerSasPermissions.All, DateTimeOffset.UtcNow.AddHours(1));
        var path = string.Join('/', blobName.Split('/').Select(Uri.EscapeDataString));
        return new Uri($"{sas.GetLeftPart(UriPartial.Path)}/{path}{sas.Query}");
    }
}
