using System.Net;
using System.Text;
using System.Text.Json;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Errors;

public class ProblemDetailsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task An_unknown_path_is_a_404_problem()
    {
        using var factory = new AppFactory(azurite);
        using var client = factory.CreateClient(AppFactory.AdminKey);

        var response = await client.GetAsync(new Uri("/api/no-such-thing", UriKind.Relative));

        var problem = await AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("Not Found", problem.GetProperty("title").GetString());
        Assert.Equal("/api/no-such-thing", problem.GetProperty("instance").GetString());
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_problem_not_a_500()
    {
        using var factory = new AppFactory(azurite);
        using var client = factory.CreateClient(AppFactory.AdminKey);
        var body = new string('x', 2 * 1024 * 1024);

        var response = await client.PutAsync(
            new Uri("/api/partnerships/bury/strategy", UriKind.Relative),
            new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("Request body too large", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_wrong_method_is_a_405_problem()
    {
        using var factory = new AppFactory(azurite);
        using var client = factory.CreateClient(AppFactory.AdminKey);

        var response = await client.DeleteAsync(new Uri("/api/health", UriKind.Relative));

        var problem = await AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Equal("Method Not Allowed", problem.GetProperty("title").GetString());
    }

    internal static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)expected, problem.RootElement.GetProperty("status").GetInt32());
        Assert.True(problem.RootElement.TryGetProperty("title", out _));
        return problem.RootElement.Clone();
    }
}
