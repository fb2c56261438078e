using System.Net;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using StrategyReports.Functions.Storage;
using StrategyReports.Functions.Surveys;
using StrategyReports.Functions.Tests.Errors;
using StrategyReports.Functions.Tests.Rollups;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Storage;

/// <summary>How storage faults and storage limits reach API callers: problem details, never a 500.</summary>
public sealed class StorageFaultTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly Uri StrategyUrl = new("/api/partnerships/bury/strategy", UriKind.Relative);

    public static TheoryData<string> Outages => ["status 0", "status 503", "retries exhausted", "HttpRequestException", "timeout", "every retry timed out"];

    private static Exception Outage(string kind) => kind switch
    {
        "status 0" => new RequestFailedException(0, "Connection refused."),
        "status 503" => new RequestFailedException(503, "Server busy."),
        "retries exhausted" => new AggregateException("Retry failed after 4 tries.", new RequestFailedException(0, "Connection refused."), new RequestFailedException(500, "Internal error.")),
        "HttpRequestException" => new HttpRequestException("Connection reset by peer."),
        "timeout" => new TaskCanceledException("The operation was cancelled because it exceeded the configured timeout of 0:00:30."),
        "every retry timed out" => new AggregateException(
            "Retry failed after 4 tries.",
            Enumerable.Range(0, 4).Select(_ => new TaskCanceledException("The operation was cancelled because it exceeded the configured timeout of 0:00:30."))),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(Outages))]
    public async Task A_storage_outage_is_a_503_problem_with_retry_after(string kind)
    {
        var table = new Mock<TableClient>();
        table.Setup(t => t.CreateIfNotExistsAsync(It.IsAny<CancellationToken>())).ThrowsAsync(Outage(kind));
        var tables = new Mock<TableServiceClient>();
        tables.Setup(t => t.GetTableClient(It.IsAny<string>())).Returns(table.Object);
        using var factory = new AppFactory(azurite);
        factory.TestServices.Add(services => services.AddSingleton(tables.Object));
        using var client = factory.CreateClient(AppFactory.AdminKey);

        var response = await client.GetAsync(StrategyUrl);

        await ProblemDetailsTests.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(Functions.Errors.StorageFaults.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Storage_on_a_closed_port_is_a_503_problem_with_retry_after()
    {
        using var factory = new AppFactory(azurite);
        var closed = ClosedPort();
        factory.Settings["Storage:ConnectionString"] = azurite.ConnectionStringFor(azurite.AccountName, closed, closed);
        using var client = factory.CreateClient(AppFactory.AdminKey);

        var response = await client.GetAsync(StrategyUrl);

        await ProblemDetailsTests.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task A_survey_page_opened_while_storage_is_down_is_a_plain_try_again_page_not_json()
    {
        using var factory = new AppFactory(azurite);
        var closed = ClosedPort();
        factory.Settings["Storage:ConnectionString"] = azurite.ConnectionStringFor(azurite.AccountName, closed, closed);
        using var browser = factory.CreateClient();
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");

        var response = await browser.GetAsync(new Uri("/s/staff-pulse", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(Functions.Errors.StorageFaults.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
        Assert.Contains("<h1", html, StringComparison.Ordinal);
        Assert.Contains("try again shortly", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_publish_that_keeps_losing_its_race_in_storage_is_a_409_problem()
    {
        var versions = new Mock<TableClient>(azurite.ConnectionString, "strategyversions", StorageSetup.TableOptions()) { CallBase = true };
        versions.Setup(t => t.AddEntityAsync(It.IsAny<TableEntity>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RequestFailedException(409, "The specified entity already exists.", "EntityAlreadyExists", null));
        var real = new TableServiceClient(azurite.ConnectionString);
        var tables = new Mock<TableServiceClient>();
        tables.Setup(t => t.GetTableClient(It.IsAny<string>())).Returns((string name) => name == "strategyversions" ? versions.Object : real.GetTableClient(name));
        using var factory = new AppFactory(azurite);
        factory.TestServices.Add(services => services.AddSingleton(tables.Object));
        using var client = factory.CreateClient(AppFactory.AdminKey);

        var response = await client.PutAsync(
            new Uri("/api/partnerships/race/strategy", UriKind.Relative),
            new StringContent(RollupSeed.StrategyJson("race"), Encoding.UTF8, "application/json"));

        var problem = await ProblemDetailsTests.AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal("Published by someone else at the same moment", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_strategy_too_big_for_its_row_is_a_422_naming_the_field_and_nothing_is_stored()
    {
        using var factory = new AppFactory(azurite);
        using var admin = factory.CreateClient(AppFactory.AdminKey);
        var document = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(RollupSeed.StrategyJson("too-long"))!;
        document["name"] = JsonSerializer.SerializeToElement(new string('n', TableLimits.MaxStringLength + 1));

        var response = await admin.PutAsync(
            new Uri("/api/partnerships/too-long/strategy", UriKind.Relative),
            new StringContent(JsonSerializer.Serialize(document), Encoding.UTF8, "application/json"));

        var problem = await ProblemDetailsTests.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _), problem.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri("/api/partnerships/too-long/strategy", UriKind.Relative))).StatusCode);
        var directory = factory.Services.GetRequiredService<SurveyDirectory>();
        Assert.Null(await directory.FindOwnerAsync(RollupSeed.SurveyId("too-long")));
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
