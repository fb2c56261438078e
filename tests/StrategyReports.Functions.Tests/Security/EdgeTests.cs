using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StrategyReports.Functions.Tests.Errors;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Security;

/// <summary>Headers, redirects, the start-up log, and what an anonymous caller can reach.</summary>
public sealed class EdgeTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Every_response_says_nosniff_and_https_ones_add_hsts_and_pages_forbid_a_base_element()
    {
        using var factory = new AppFactory(azurite);
        using var client = factory.CreateClient();

        var page = await client.GetAsync(new Uri("/signin", UriKind.Relative));
        var problem = await client.GetAsync(new Uri("/api/partnerships/bury/strategy", UriKind.Relative));
        var asset = await client.GetAsync(new Uri("/assets/site.css", UriKind.Relative));
        var missing = await client.GetAsync(new Uri("/no/such/page", UriKind.Relative));

        foreach (var response in new[] { page, problem, asset, missing })
        {
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.StartsWith("max-age=31536000", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        }

        Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);
        Assert.Contains("base-uri 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData("/\\evil.example", "/")]
    [InlineData("//evil.example", "/")]
    [InlineData("/\t/evil.example", "/")]
    [InlineData("/\n/evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("/partnerships/bury?x=1", "/partnerships/bury?x=1")]
    public async Task Sign_in_returns_only_to_a_local_path(string returnUrl, string expected)
    {
        using var factory = new AppFactory(azurite);
        using var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost"), HandleCookies = true });
        var page = await browser.GetStringAsync(new Uri("/signin", UriKind.Relative));
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

        var response = await browser.PostAsync(new Uri("/signin", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["key"] = AppFactory.LeadKey,
            ["returnUrl"] = returnUrl,
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public void The_start_up_log_names_the_identity_sources_and_says_why_the_principal_header_is_ignored()
    {
        var logs = new CapturedLogs();
        using var factory = new AppFactory(azurite);
        factory.Settings["Auth:TrustAppServicePrincipal"] = "true";
        factory.TestServices.Add(services => services.AddSingleton<ILoggerProvider>(logs));

        using var client = factory.CreateClient();

        var line = Assert.Single(logs.Lines, l => l.Contains("Identity sources:", StringComparison.Ordinal));
        Assert.Contains("API keys (5 configured)", line, StringComparison.Ordinal);
        Assert.Contains("OFF although Auth:TrustAppServicePrincipal is set, because WEBSITE_AUTH_ENABLED is not True", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timer_is_reachable_only_as_the_hosts_own_invocation_not_through_a_proxied_request()
    {
        using var factory = new AppFactory(azurite);
        using var client = factory.CreateClient(AppFactory.AdminKey);

        using var proxied = new HttpRequestMessage(HttpMethod.Post, new Uri("/GenerateReports", UriKind.Relative))
        {
            Content = new StringContent("{\"Data\": {\"timer\": {}}}", System.Text.Encoding.UTF8, "application/json"),
        };
        proxied.Headers.Add("X-Azure-Functions-InvocationId", "forged");
        proxied.Headers.Add("X-Forwarded-For", "203.0.113.9");
        using var withoutInvocation = new HttpRequestMessage(HttpMethod.Post, new Uri("/GenerateReports", UriKind.Relative))
        {
            Content = new StringContent("{\"Data\": {\"timer\": {}}}", System.Text.Encoding.UTF8, "application/json"),
        };

        var forged = await ProblemDetailsTests.AssertProblemAsync(await client.SendAsync(proxied), HttpStatusCode.Forbidden);
        var bare = await ProblemDetailsTests.AssertProblemAsync(await client.SendAsync(withoutInvocation), HttpStatusCode.Forbidden);

        Assert.Equal("Your role does not allow this.", forged.GetProperty("detail").GetString());
        Assert.Equal("Your role does not allow this.", bare.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_endpoint_that_declares_no_policy_is_refused_to_everyone()
    {
        using var factory = new AppFactory(azurite);
        factory.TestServices.Add(services => services.AddSingleton<IStartupFilter, UndeclaredEndpoint>());
        using var anonymous = factory.CreateClient();
        using var admin = factory.CreateClient(AppFactory.AdminKey);

        var unauthorised = await ProblemDetailsTests.AssertProblemAsync(await anonymous.GetAsync(new Uri("/undeclared", UriKind.Relative)), HttpStatusCode.Unauthorized);
        var forbidden = await ProblemDetailsTests.AssertProblemAsync(await admin.GetAsync(new Uri("/undeclared", UriKind.Relative)), HttpStatusCode.Forbidden);
        var notFound = await ProblemDetailsTests.AssertProblemAsync(await admin.GetAsync(new Uri("/not-mapped-at-all", UriKind.Relative)), HttpStatusCode.NotFound);

        Assert.Equal("Sign in, or send an API key in the X-Api-Key header.", unauthorised.GetProperty("detail").GetString());
        Assert.Equal("Your role does not allow this.", forbidden.GetProperty("detail").GetString());
        Assert.Equal("/not-mapped-at-all", notFound.GetProperty("instance").GetString());
    }

    private sealed class UndeclaredEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.UseRouting();
            app.UseAuthentication();
            app.UseAuthorization();
            app.UseEndpoints(endpoints => endpoints.MapGet("/undeclared", () => "served"));
        };
    }
}
