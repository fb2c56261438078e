using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using StrategyReports.Functions.Hosting;
using StrategyReports.Functions.Storage;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Rollups;

public class RollupApiTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly RollupSeed _seed = new(azurite);

    [Fact]
    public async Task A_run_stores_the_rollup_and_an_unchanged_second_run_does_no_work()
    {
        using var factory = new AppFactory(azurite);
        await SeedPartnershipAsync(factory, "calm");
        using var admin = factory.CreateClient(AppFactory.AdminKey);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(Url("calm"))).StatusCode);

        var first = await RunAsync(admin, "calm");
        Assert.Equal(1, first.GetProperty("version").GetInt32());
        Assert.True(first.GetProperty("changed").GetBoolean());

        var second = await RunAsync(admin, "calm");
        Assert.Equal(1, second.GetProperty("version").GetInt32());
        Assert.False(second.GetProperty("changed").GetBoolean());
        Assert.Equal(first.GetProperty("inputFingerprint").GetString(), second.GetProperty("inputFingerprint").GetString());

        var stored = await GetAsync(admin, "calm");
        Assert.Equal(1, stored.GetProperty("version").GetInt32());
        var rollup = stored.GetProperty("rollup");
        Assert.Equal("2025-26-Q2", rollup.GetProperty("period").GetString());
        var vacancies = rollup.GetProperty("programmes")[0].GetProperty("measures")[0];

        // 90 + 12 + 3 against a target of 100 with 10% amber.
        Assert.Equal(105m, vacancies.GetProperty("value").GetDecimal());
        Assert.Equal("amber", vacancies.GetProperty("rag").GetString());
        Assert.Equal(95m, vacancies.GetProperty("previousValue").GetDecimal());

        // (300 + 20 + 1) / (6000 + 1000 + 50) × 100.
        Assert.Equal(4.5532m, rollup.GetProperty("programmes")[0].GetProperty("measures")[1].GetProperty("value").GetDecimal());

        // Five responses, four agreeing.
        Assert.Equal(80m, rollup.GetProperty("programmes")[0].GetProperty("measures")[2].GetProperty("value").GetDecimal());
        Assert.Equal(3, rollup.GetProperty("returnsUsed").GetArrayLength());
    }

    [Fact]
    public async Task A_late_resubmission_after_a_rollup_is_picked_up_by_the_next_run_and_shows_in_returns_used()
    {
        using var factory = new AppFactory(azurite);
        await SeedPartnershipAsync(factory, "late");
        using var admin = factory.CreateClient(AppFactory.AdminKey);
        await RunAsync(admin, "late");

        await _seed.SubmitAsync("late", RollupSeed.Q2, "council", 2, """{"vacancies": 40, "sickness": {"numerator": 20, "denominator": 1000}}""", isLate: true);
        var run = await RunAsync(admin, "late");

        Assert.True(run.GetProperty("changed").GetBoolean());
        Assert.Equal(2, run.GetProperty("version").GetInt32());
        var rollup = (await GetAsync(admin, "late")).GetProperty("rollup");
        var council = rollup.GetProperty("returnsUsed").EnumerateArray().Single(used => used.GetProperty("partnerId").GetString() == "council");
        Assert.Equal(2, council.GetProperty("version").GetInt32());
        Assert.True(council.GetProperty("isLate").GetBoolean());
        Assert.Equal(133m, rollup.GetProperty("programmes")[0].GetProperty("measures")[0].GetProperty("value").GetDecimal());
        Assert.Contains(
            "The Council resubmitted after the due date (version 2); this rollup uses that version.",
            rollup.GetProperty("programmes")[0].GetProperty("dataQualityNotes").EnumerateArray().Select(note => note.GetString()));
    }

    [Theory]
    [InlineData("blob")]
    [InlineData("table")]
    public async Task A_run_that_dies_half_way_leaves_the_previous_rollup_readable_and_the_next_run_completes_it(string failingPart)
    {
        var faults = new StorageFaults(azurite.ConnectionString);
        using var factory = new AppFactory(azurite);
        factory.TestServices.Add(services => faults.Install(services));
        await SeedPartnershipAsync(factory, $"crash-{failingPart}");
        var partnership = $"crash-{failingPart}";
        using var admin = factory.CreateClient(AppFactory.AdminKey);
        await RunAsync(admin, partnership);
        await _seed.SubmitAsync(partnership, RollupSeed.Q2, "council", 2, """{"vacancies": 40}""", isLate: true);

        faults.FailBlobUploads = failingPart == "blob";
        faults.FailTableWrites = failingPart == "table";
        var failed = await admin.PostAsync(new Uri(Url(partnership), UriKind.Relative), null);
        Assert.False(failed.IsSuccessStatusCode);
        Assert.Equal("application/problem+json", failed.Content.Headers.ContentType?.MediaType);

        var during = await GetAsync(admin, partnership);
        Assert.Equal(1, during.GetProperty("version").GetInt32());
        var usedDuring = during.GetProperty("rollup").GetProperty("returnsUsed").EnumerateArray().Single(used => used.GetProperty("partnerId").GetString() == "council");

        // Either fault leaves readers on version 1 exactly as it was: the table fault's new blob is
        // written under version 2's name, which no row names yet.
        Assert.Equal(1, usedDuring.GetProperty("version").GetInt32());

        faults.FailBlobUploads = faults.FailTableWrites = false;
        var completed = await RunAsync(admin, partnership);
        Assert.True(completed.GetProperty("changed").GetBoolean());
        Assert.Equal(2, completed.GetProperty("version").GetInt32());
        var after = await GetAsync(admin, partnership);
        Assert.Equal(completed.GetProperty("inputFingerprint").GetString(), after.GetProperty("rollup").GetProperty("inputFingerprint").GetString());
        Assert.False((await RunAsync(admin, partnership)).GetProperty("changed").GetBoolean());
    }

    [Fact]
    public async Task A_run_while_another_holds_the_periods_lease_is_refused_rather_than_interleaved()
    {
        using var factory = new AppFactory(azurite);
        await SeedPartnershipAsync(factory, "leased");
        using var admin = factory.CreateClient(AppFactory.AdminKey);
        var locks = factory.Services.GetRequiredService<ISingletonLock>();

        await using (var held = await locks.TryAcquireAsync("rollups/leased/2025-26-Q2", CancellationToken.None))
        {
            Assert.NotNull(held);
            var refused = await admin.PostAsync(new Uri(Url("leased"), UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(Url("leased"))).StatusCode);
        }

        Assert.True((await RunAsync(admin, "leased")).GetProperty("changed").GetBoolean());
    }

    [Fact]
    public async Task Leads_read_rollups_scoped_leads_see_their_programmes_and_only_admins_run_them()
    {
        using var factory = new AppFactory(azurite);
        await SeedPartnershipAsync(factory, "bury");
        using var admin = factory.CreateClient(AppFactory.AdminKey);
        using var lead = factory.CreateClient(AppFactory.LeadKey);
        using var scoped = factory.CreateClient(AppFactory.ScopedLeadKey);
        using var partner = factory.CreateClient(AppFactory.PartnerKey);

        Assert.Equal(HttpStatusCode.Forbidden, (await lead.PostAsync(new Uri(Url("bury"), UriKind.Relative), null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.GetAsync(Url("bury"))).StatusCode);
        await RunAsync(admin, "bury");

        var full = (await GetAsync(lead, "bury")).GetProperty("rollup");
        Assert.Equal(2, full.GetProperty("programmes").GetArrayLength());
        var limited = (await GetAsync(scoped, "bury")).GetProperty("rollup");
        Assert.Equal("wellbeing", Assert.Single(limited.GetProperty("programmes").EnumerateArray()).GetProperty("programmeId").GetString());
        Assert.Equal(0, limited.GetProperty("assuranceGroups").GetArrayLength());
    }

    [Theory]
    [InlineData("/api/partnerships/calm/rollups/2025-26-Q5", "period")]
    [InlineData("/api/partnerships/calm/rollups/2030-31-Q1", "period")]
    [InlineData("/api/partnerships/nobody/rollups/2025-26-Q2", "partnership")]
    [InlineData("/api/partnerships/Not_An_Id/rollups/2025-26-Q2", "partnership")]
    public async Task Unknown_partnerships_and_periods_are_404_problems_naming_them(string url, string what)
    {
        using var factory = new AppFactory(azurite);
        await RollupSeed.PublishAsync(factory.Services, "calm");
        using var admin = factory.CreateClient(AppFactory.AdminKey);

        foreach (var response in new[] { await admin.PostAsync(new Uri(url, UriKind.Relative), null), await admin.GetAsync(url) })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains(what, problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        }
    }

    private async Task SeedPartnershipAsync(AppFactory factory, string partnershipId)
    {
        await RollupSeed.PublishAsync(factory.Services, partnershipId);
        await _seed.SubmitAsync(partnershipId, RollupSeed.Q1, "trust", 1, """{"vacancies": 95, "sickness": {"numerator": 280, "denominator": 6000}}""");
        await _seed.SubmitAsync(partnershipId, RollupSeed.Q2, "trust", 1, """{"vacancies": 90, "sickness": {"numerator": 300, "denominator": 6000}}""", achievements: "Opened a hub.");
        await _seed.SubmitAsync(partnershipId, RollupSeed.Q2, "council", 1, """{"vacancies": 12, "sickness": {"numerator": 20, "denominator": 1000}}""");
        await _seed.SubmitAsync(partnershipId, RollupSeed.Q2, "practice", 1, """{"vacancies": 3, "sickness": {"numerator": 1, "denominator": 50}, "arrs": 2}""");
        foreach (var (partner, answer) in new[] { ("trust", 5), ("trust", 4), ("trust", 4), ("trust", 4), ("trust", 2) })
        {
            await _seed.RespondAsync(partnershipId, partner, new DateOnly(2025, 8, 20), answer);
        }
    }

    private static string Url(string partnershipId) => $"/api/partnerships/{partnershipId}/rollups/2025-26-Q2";

    private static async Task<JsonElement> RunAsync(HttpClient client, string partnershipId)
    {
        var response = await client.PostAsync(new Uri(Url(partnershipId), UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string partnershipId)
    {
        var response = await client.GetAsync(Url(partnershipId));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>
    /// The real storage clients with a switchable fault at the boundary: the rollup blob's upload, or
    /// the rollups table's writes, fail like a storage outage while the switch is on.
    /// </summary>
    private sealed class StorageFaults(string connectionString)
    {
        private readonly TableServiceClient _tables = new(connectionString);
        private readonly BlobServiceClient _blobs = new(connectionString);

        public bool FailBlobUploads { get; set; }

        public bool FailTableWrites { get; set; }

        public void Install(IServiceCollection services)
        {
            // Mocks that call through to the real clients, except where a fault is switched on.
            var table = new Mock<TableClient>(connectionString, "rollups", StorageSetup.TableOptions()) { CallBase = true };
            table.Setup(t => t.AddEntityAsync(It.IsAny<TableEntity>(), It.IsAny<CancellationToken>()))
                .Returns((TableEntity e, CancellationToken c) => FailTableWrites ? throw Outage() : _tables.GetTableClient("rollups").AddEntityAsync(e, c));
            table.Setup(t => t.UpdateEntityAsync(It.IsAny<TableEntity>(), It.IsAny<ETag>(), It.IsAny<TableUpdateMode>(), It.IsAny<CancellationToken>()))
                .Returns((TableEntity e, ETag tag, TableUpdateMode mode, CancellationToken c) => FailTableWrites ? throw Outage() : _tables.GetTableClient("rollups").UpdateEntityAsync(e, tag, mode, c));
            var tables = new Mock<TableServiceClient>();
            tables.Setup(t => t.GetTableClient(It.IsAny<string>())).Returns((string name) => name == "rollups" ? table.Object : _tables.GetTableClient(name));

            var container = new Mock<BlobContainerClient>(connectionString, "rollups") { CallBase = true };
            container.Setup(c => c.GetBlobClient(It.IsAny<string>())).Returns((string name) =>
            {
                var blob = new Mock<BlobClient>(connectionString, "rollups", name) { CallBase = true };
                blob.Setup(b => b.UploadAsync(It.IsAny<BinaryData>(), It.IsAny<BlobUploadOptions>(), It.IsAny<CancellationToken>()))
                    .Returns((BinaryData d, BlobUploadOptions o, CancellationToken c) => FailBlobUploads ? throw Outage() : _blobs.GetBlobContainerClient("rollups").GetBlobClient(name).UploadAsync(d, o, c));
                return blob.Object;
            });
            var blobs = new Mock<BlobServiceClient>();
            blobs.Setup(b => b.GetBlobContainerClient(It.IsAny<string>())).Returns((string name) => name == "rollups" ? container.Object : _blobs.GetBlobContainerClient(name));

            services.AddSingleton(tables.Object);
            services.AddSingleton(blobs.Object);
        }

        private static RequestFailedException Outage() => new(503, "Injected storage outage.");
    }
}
