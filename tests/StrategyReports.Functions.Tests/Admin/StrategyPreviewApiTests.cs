using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Admin;

public sealed class StrategyPreviewApiTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly AppFactory _factory = CreateFactory(azurite);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_preview_lists_each_problem_with_its_line_and_publishes_nothing()
    {
        var yaml = (await BuryAsync("preview-lines")).Replace("sector: acute", "sector: not-a-sector", StringComparison.Ordinal);
        using var admin = _factory.CreateClient(AppFactory.AdminKey);

        var preview = await PostAsync(admin, "/api/partnerships/preview-lines/strategy/preview", yaml);

        Assert.Equal(HttpStatusCode.OK, preview.Status);
        Assert.False(preview.Body.GetProperty("valid").GetBoolean());
        var problem = preview.Body.GetProperty("problems").EnumerateArray().First(p => p.GetProperty("path").GetString()!.EndsWith(".sector", StringComparison.Ordinal));
        Assert.Equal(LineOf(yaml, "sector: not-a-sector"), problem.GetProperty("line").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri("/api/partnerships/preview-lines/strategy", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_preview_of_a_changed_strategy_lists_what_changes_against_the_current_version()
    {
        var yaml = await BuryAsync("preview-diff");
        using var admin = _factory.CreateClient(AppFactory.AdminKey);
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(admin, "/api/partnerships/preview-diff/strategy", yaml)).Status);

        var preview = await PostAsync(admin, "/api/partnerships/preview-diff/strategy/preview", yaml.Replace("  - id: bury-hospice", "  - id: bury-hospice-renamed", StringComparison.Ordinal));

        Assert.True(preview.Body.GetProperty("valid").GetBoolean(), preview.Body.ToString());
        Assert.Equal(1, preview.Body.GetProperty("currentVersion").GetInt32());
        var changes = preview.Body.GetProperty("changes").EnumerateArray().Select(c => (c.GetProperty("part").GetString(), c.GetProperty("id").GetString(), c.GetProperty("kind").GetString())).ToList();
        Assert.Equal([("partner", "bury-hospice-renamed", "added"), ("partner", "bury-hospice", "removed")], changes);
        var versions = await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/partnerships/preview-diff/strategy/versions", UriKind.Relative));
        Assert.Equal(1, versions.GetArrayLength());
    }

    [Fact]
    public async Task Publishing_based_on_a_version_that_is_no_longer_current_is_a_409_and_stores_nothing()
    {
        var yaml = await BuryAsync("preview-stale");
        using var admin = _factory.CreateClient(AppFactory.AdminKey);
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(admin, "/api/partnerships/preview-stale/strategy?basedOnVersion=0", yaml)).Status);
        var renamed = yaml.Replace("name: Bury", "name: Bury renamed", StringComparison.Ordinal);

        // Someone else published version 2 after this admin previewed version 1.
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(admin, "/api/partnerships/preview-stale/strategy?basedOnVersion=1", renamed)).Status);
        var stale = await PutAsync(admin, "/api/partnerships/preview-stale/strategy?basedOnVersion=1", yaml);

        Assert.Equal(HttpStatusCode.Conflict, stale.Status);
        Assert.Contains("Version 2", stale.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var versions = await admin.GetFromJsonAsync<JsonElement>(new Uri("/api/partnerships/preview-stale/strategy/versions", UriKind.Relative));
        Assert.Equal(2, versions.GetArrayLength());
    }

    [Fact]
    public async Task Without_based_on_version_publishing_behaves_as_before_and_an_unchanged_document_is_never_a_conflict()
    {
        var yaml = await BuryAsync("preview-plain");
        using var admin = _factory.CreateClient(AppFactory.AdminKey);
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(admin, "/api/partnerships/preview-plain/strategy", yaml)).Status);
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(admin, "/api/partnerships/preview-plain/strategy", yaml.Replace("name: Bury", "name: Bury again", StringComparison.Ordinal))).Status);

        var same = await PutAsync(admin, "/api/partnerships/preview-plain/strategy?basedOnVersion=1", yaml.Replace("name: Bury", "name: Bury again", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, same.Status);
        Assert.True(same.Body.GetProperty("unchanged").GetBoolean());
    }

    [Fact]
    public async Task A_422_names_the_line_of_each_problem()
    {
        var yaml = (await BuryAsync("preview-422")).Replace("sector: acute", "sector: not-a-sector", StringComparison.Ordinal);
        using var admin = _factory.CreateClient(AppFactory.AdminKey);

        var refused = await PutAsync(admin, "/api/partnerships/preview-422/strategy", yaml);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        var message = refused.Body.GetProperty("errors").EnumerateObject().First(e => e.Name.EndsWith(".sector", StringComparison.Ordinal)).Value[0].GetString();
        Assert.EndsWith($"(line {LineOf(yaml, "sector: not-a-sector")})", message, StringComparison.Ordinal);
    }

    /// <summary>Bury's strategy as another partnership, so tests sharing one storage do not publish over each other (survey ids too are one partnership's).</summary>
    internal static async Task<string> BuryAsync(string partnershipId) =>
        (await File.ReadAllTextAsync(RepositoryPaths.Combine("strategies", "bury.yaml")))
            .Replace("partnershipId: bury", "partnershipId: " + partnershipId, StringComparison.Ordinal)
            .Replace("wellbeing-pulse", partnershipId + "-pulse", StringComparison.Ordinal)
            .Replace("new-starter", partnershipId + "-new-starter", StringComparison.Ordinal);

    internal static int LineOf(string text, string fragment) => text[..text.IndexOf(fragment, StringComparison.Ordinal)].Count(c => c == '\n') + 1;

    private static Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient client, string path, string yaml) => SendAsync(client, HttpMethod.Post, path, yaml);

    private static Task<(HttpStatusCode Status, JsonElement Body)> PutAsync(HttpClient client, string path, string yaml) => SendAsync(client, HttpMethod.Put, path, yaml);

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpClient client, HttpMethod method, string path, string yaml)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = new StringContent(yaml, Encoding.UTF8, "application/yaml") };
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static AppFactory CreateFactory(AzuriteFixture azurite)
    {
        var factory = new AppFactory(azurite);
        factory.TestServices.Add(services => services.AddSingleton<TimeProvider>(new TestClock(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero))));
        return factory;
    }
}
