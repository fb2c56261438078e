using System.Security.Claims;
using System.Text;
using System.Text.Json;
using StrategyReports.Functions.Security;

namespace StrategyReports.Functions.Tests.Security;

/// <summary>Grants are kept whole: two grants never combine into a third that neither gives.</summary>
public class GrantTests
{
    [Fact]
    public void An_admin_of_one_partnership_and_lead_of_another_is_not_an_admin_of_the_second()
    {
        var user = Principal("admin:bury", "lead:wakefield");

        Assert.True(user.IsAdminOf("bury"));
        Assert.False(user.IsAdminOf("wakefield"));
        Assert.True(user.CanReadPartnership("wakefield"));
        Assert.False(user.CanActForPartner("wakefield", "trust", write: true));
    }

    [Fact]
    public void Leads_of_one_programme_in_each_of_two_partnerships_lead_only_those_two()
    {
        var user = Principal("lead:bury:wellbeing", "lead:wakefield:recruitment");

        Assert.True(user.CanLeadProgramme("bury", "wellbeing"));
        Assert.True(user.CanLeadProgramme("wakefield", "recruitment"));
        Assert.False(user.CanLeadProgramme("bury", "recruitment"));
        Assert.False(user.CanLeadProgramme("wakefield", "wellbeing"));
        Assert.Equal(["wellbeing"], user.ProgrammesReadable("bury")!);
        Assert.False(user.CanReadBoardPack("bury", ["wellbeing", "recruitment"]));
        Assert.True(user.CanReadBoardPack("bury", ["wellbeing"]));
    }

    [Fact]
    public void A_lead_of_a_whole_partnership_and_of_one_programme_elsewhere_sees_all_of_the_first_only()
    {
        var user = Principal("lead:bury", "lead:wakefield:recruitment");

        Assert.Null(user.ProgrammesReadable("bury"));
        Assert.Equal(["recruitment"], user.ProgrammesReadable("wakefield")!);
        Assert.Empty(user.ProgrammesReadable("oldham")!);
    }

    [Theory]
    [InlineData("admin:bury:wellbeing")]
    [InlineData("lead:bury:wellbeing:extra")]
    [InlineData("partner:bury")]
    [InlineData("lead::wellbeing")]
    public void A_role_that_is_not_a_whole_grant_grants_nothing(string role)
    {
        var user = Principal(role);

        Assert.False(user.IsAdminOf("bury"));
        Assert.False(user.CanReadPartnership("bury"));
        Assert.Empty(Grant.Of(user));
    }

    [Fact]
    public void A_partner_grant_never_covers_every_partnership()
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity(Grant.Claims([new Grant(Roles.Partner, Roles.AnyPartnership, Partner: "trust")]), "test"));

        Assert.False(user.CanActForPartner("bury", "trust", write: true));
    }

    [Fact]
    public void An_api_key_for_two_programmes_holds_two_lead_grants_of_one_programme_each()
    {
        var key = new ApiKeyOptions { Name = "k", Key = "x", Role = Roles.Lead, Partnership = "bury", Programmes = ["wellbeing", "recruitment"] };

        var grants = Grant.Of(new ClaimsPrincipal(StrategyReportsAuthenticationHandler.FromApiKey(key)));

        Assert.Equal([new Grant(Roles.Lead, "bury", "wellbeing"), new Grant(Roles.Lead, "bury", "recruitment")], grants);
    }

    private static ClaimsPrincipal Principal(params string[] roles)
    {
        var header = Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            claims = roles.Select(r => new { typ = "roles", val = r }).Append(new { typ = "name", val = "Pat" }),
        })));
        return new ClaimsPrincipal(AppServicePrincipal.TryRead(header)!);
    }
}
