using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using StrategyReports.Functions.Security;
using StrategyReports.TestSupport;

namespace StrategyReports.Functions.Tests.Security;

/// <summary>Roles and scopes through the real pipeline, on probe endpoints that echo what the caller may do.</summary>
public class AuthenticationTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Theory]
    [InlineData(AppFactory.AdminKey, "/probe/admin", HttpStatusCode.OK)]
    [InlineData(AppFactory.LeadKey, "/probe/admin", HttpStatusCode.Forbidden)]
    [InlineData(AppFactory.PartnerKey, "/probe/admin", HttpStatusCode.Forbidden)]
    [InlineData(AppFactory.LeadKey, "/probe/lead", HttpStatusCode.OK)]
    [InlineData(AppFactory.AdminKey, "/probe/lead", HttpStatusCode.OK)]
    [InlineData(AppFactory.PartnerKey, "/probe/lead", HttpStatusCode.Forbidden)]
    [InlineData(AppFactory.PartnerKey, "/probe/any", HttpStatusCode.OK)]
    [InlineData("wrong-key", "/probe/any", HttpStatusCode.Unauthorized)]
    [InlineData(null, "/probe/any", HttpStatusCode.Unauthorized)]
    public async Task Roles_are_enforced_with_problem_details(string? key, string path, HttpStatusCode expected)
    {
        using var factory = CreateFactory();
        using var client = key is null ? factory.CreateClient() : factory.CreateClient(key);

        var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        }
        else
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task The_api_key_can_also_come_in_the_authorization_header()
    {
        using var factory = CreateFactory();
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("ApiKey", AppFactory.AdminKey);

        var response = await client.GetAsync(new Uri("/probe/admin", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(AppFactory.AdminKey, "bury", "reablement", "bury-council", "lead:True partner-write:True")]
    [InlineData(AppFactory.BuryAdminKey, "wakefield", "reablement", "x", "lead:False partner-write:False")]
    [InlineData(AppFactory.LeadKey, "bury", "reablement", "bury-council", "lead:True partner-write:False")]
    [InlineData(AppFactory.ScopedLeadKey, "bury", "reablement", "bury-council", "lead:False partner-write:False")]
    [InlineData(AppFactory.ScopedLeadKey, "bury", "wellbeing", "bury-council", "lead:True partner-write:False")]
    [InlineData(AppFactory.PartnerKey, "bury", "wellbeing", "bury-council", "lead:False partner-write:True")]
    [InlineData(AppFactory.PartnerKey, "bury", "wellbeing", "pennine-care", "lead:False partner-write:False")]
    [InlineData(AppFactory.PartnerKey, "wakefield", "wellbeing", "bury-council", "lead:False partner-write:False")]
    public async Task Scopes_limit_partnerships_programmes_and_partners(string key, string partnership, string programme, string partner, string expected)
    {
        using var factory = CreateFactory();
        using var client = factory.CreateClient(key);

        var body = await client.GetStringAsync(new Uri($"/probe/scope/{partnership}/{programme}/{partner}", UriKind.Relative));

        Assert.Equal(expected, body);
    }

    [Fact]
    public async Task The_app_service_principal_is_used_only_where_it_is_trusted()
    {
        var principal = Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            auth_typ = "aad",
            name_typ = "name",
            role_typ = "roles",
            claims = new[]
            {
                new { typ = "name", val = "Pat Lead" },
                new { typ = "roles", val = "lead:bury:wellbeing" },
            },
        })));

        using (var untrusted = CreateFactory())
        {
            using var client = untrusted.CreateClient();
            client.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL", principal);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/probe/lead", UriKind.Relative))).StatusCode);
        }

        // The setting alone is not enough: without the platform's authentication module nothing strips a forged header.
        using (var settingOnly = CreateFactory())
        {
            settingOnly.Settings["Auth:TrustAppServicePrincipal"] = "true";
            using var client = settingOnly.CreateClient();
            client.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL", principal);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/probe/lead", UriKind.Relative))).StatusCode);
        }

        using var trusted = CreateFactory();
        trusted.Settings["Auth:TrustAppServicePrincipal"] = "true";
        trusted.Settings["WEBSITE_AUTH_ENABLED"] = "True";
        using var trustedClient = trusted.CreateClient();
        trustedClient.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL", principal);
        Assert.Equal(HttpStatusCode.OK, (await trustedClient.GetAsync(new Uri("/probe/lead", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await trustedClient.GetAsync(new Uri("/probe/admin", UriKind.Relative))).StatusCode);
        Assert.Equal("lead:True partner-write:False", await trustedClient.GetStringAsync(new Uri("/probe/scope/bury/wellbeing/x", UriKind.Relative)));
        Assert.Equal("lead:False partner-write:False", await trustedClient.GetStringAsync(new Uri("/probe/scope/bury/reablement/x", UriKind.Relative)));

        trustedClient.DefaultRequestHeaders.Remove("X-MS-CLIENT-PRINCIPAL");
        trustedClient.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL", "not base64 at all");
        Assert.Equal(HttpStatusCode.Unauthorized, (await trustedClient.GetAsync(new Uri("/probe/lead", UriKind.Relative))).StatusCode);
    }

    private AppFactory CreateFactory()
    {
        var factory = new AppFactory(azurite);
        factory.TestServices.Add(services => services.AddSingleton<IStartupFilter, ProbeEndpoints>());
        return factory;
    }

    private sealed class ProbeEndpoints : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            // After the app's own pipeline, so these routes are only reached when none of the app's match.
            next(app);
            app.UseRouting();
            app.UseAuthentication();
            app.UseAuthorization();
            app.UseEndpoints(endpoints =>
            {
                endpoints.MapGet("/probe/admin", () => "ok").RequireAuthorization(Policies.Admin);
                endpoints.MapGet("/probe/lead", () => "ok").RequireAuthorization(Policies.LeadOrAdmin);
                endpoints.MapGet("/probe/any", () => "ok").RequireAuthorization(Policies.AnyRole);
                endpoints.MapGet("/probe/scope/{partnership}/{programme}/{partner}", (ClaimsPrincipal user, string partnership, string programme, string partner) =>
                    $"lead:{user.CanLeadProgramme(partnership, programme)} partner-write:{user.CanActForPartner(partnership, partner, write: true)}")
                    .RequireAuthorization(Policies.AnyRole);
            });
        };
    }
}
