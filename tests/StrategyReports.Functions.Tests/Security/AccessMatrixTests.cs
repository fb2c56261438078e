using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace StrategyReports.Functions.Tests.Security;

/// <summary>
/// The whole access model: every endpoint the app maps (read from its own endpoint data source) crossed with
/// every kind of caller. Each cell asserts the status and, for an allowed read, that the body holds nothing
/// outside the caller's scope. The rows are in <see cref="AccessMatrix.Rows"/>.
/// </summary>
public sealed class AccessMatrixTests(AccessMatrixFixture app) : IClassFixture<AccessMatrixFixture>
{
    public static TheoryData<string, Caller> Cells()
    {
        var cells = new TheoryData<string, Caller>();
        foreach (var row in AccessMatrix.Rows)
        {
            foreach (var caller in Enum.GetValues<Caller>())
            {
                cells.Add(row.Name, caller);
            }
        }

        return cells;
    }

    [Fact]
    public void Every_endpoint_the_app_maps_has_a_row_and_every_row_names_a_mapped_endpoint()
    {
        var mapped = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {Route(e.RoutePattern.RawText)}"))
            .ToHashSet(StringComparer.Ordinal);
        var rows = AccessMatrix.Rows.Select(r => $"{r.Method} {r.Route}").ToHashSet(StringComparer.Ordinal);

        Assert.True(mapped.IsSubsetOf(rows), "Endpoints without a row in AccessMatrix.Rows: " + string.Join(", ", mapped.Except(rows).Order(StringComparer.Ordinal)));
        Assert.True(rows.IsSubsetOf(mapped), "Rows naming no mapped endpoint: " + string.Join(", ", rows.Except(mapped).Order(StringComparer.Ordinal)));
        Assert.All(AccessMatrix.Rows, row => Assert.Equal(Enum.GetValues<Caller>().Length, row.Expected.Count));
        Assert.Equal(AccessMatrix.Rows.Count, AccessMatrix.Rows.Select(r => r.Name).Distinct(StringComparer.Ordinal).Count());
    }

    // A group's own route ("") leaves a trailing slash on the pattern.
    private static string Route(string? raw) => raw is { Length: > 1 } ? raw.TrimEnd('/') : raw ?? "";

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Each_caller_gets_what_its_grants_allow_and_nothing_outside_them(string rowName, Caller caller)
    {
        var row = AccessMatrix.Rows.Single(r => r.Name == rowName);
        using var request = new HttpRequestMessage(new HttpMethod(row.Method), new Uri(row.Path.Replace("{link}", app.LinkPath, StringComparison.Ordinal), UriKind.Relative));
        if (row.Body is not null)
        {
            request.Content = new StringContent(row.Body, Encoding.UTF8, row.ContentType ?? (row.Form ? "application/x-www-form-urlencoded" : "application/json"));
        }

        using var response = await app.Client(caller).SendAsync(request);
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        var expected = row.Expected[caller];

        if (expected == AccessMatrix.Allowed)
        {
            Assert.True(status is not (401 or 403) && status < 500, $"{row.Name} as {caller}: expected past the access checks, got {status}: {body}");
        }
        else
        {
            Assert.True(expected == status, $"{row.Name} as {caller}: expected {expected}, got {status}: {body}");
        }

        Assert.Equal("nosniff", response.Headers.TryGetValues("X-Content-Type-Options", out var nosniff) ? nosniff.Single() : null);
        if (status == 200 && row.ValuesInBody)
        {
            foreach (var text in AccessMatrix.OutsideScope(caller))
            {
                Assert.False(body.Contains(text, StringComparison.Ordinal), $"{row.Name} as {caller}: the body holds '{text}', outside the caller's scope.");
            }
        }
    }
}
