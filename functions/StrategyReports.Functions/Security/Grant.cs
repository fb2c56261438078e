using System.Security.Claims;
using System.Text.Json;

namespace StrategyReports.Functions.Security;

/// <summary>
/// One thing a caller may do, kept whole: a role in one partnership (or every one, <c>*</c>), for a lead
/// optionally a single programme, for a partner its own organisation. A caller holds a grant per API-key
/// scope or Entra app role, and every check is answered by a single grant on its own, so
/// <c>admin:A</c> plus <c>lead:B</c> never makes an admin of B, nor <c>lead:A:p1</c> plus
/// <c>lead:B:p2</c> a lead of p1 in B.
/// </summary>
public sealed record Grant(string Role, string Partnership, string? Programme = null, string? Partner = null)
{
    public const string ClaimType = "strategyreports/grant";

    /// <summary>Whether the grant is for this partnership; only admin and lead grants may name every partnership.</summary>
    public bool Covers(string partnershipId) =>
        string.Equals(Partnership, partnershipId, StringComparison.Ordinal)
        || (Partnership == Roles.AnyPartnership && Role is Roles.Admin or Roles.Lead);

    public Claim ToClaim() => new(ClaimType, JsonSerializer.Serialize(this, JsonSerializerOptions.Web));

    /// <summary>The grants a principal carries; a claim that does not read as a grant grants nothing.</summary>
    public static IReadOnlyList<Grant> Of(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var grants = new List<Grant>();
        foreach (var claim in user.FindAll(ClaimType))
        {
            try
            {
                if (JsonSerializer.Deserialize<Grant>(claim.Value, JsonSerializerOptions.Web) is { Role.Length: > 0, Partnership.Length: > 0 } grant)
                {
                    grants.Add(grant);
                }
            }
            catch (JsonException)
            {
                // Not ours: ignored rather than trusted.
            }
        }

        return grants;
    }

    /// <summary>The claims an identity needs for a set of grants: the grants, plus their roles for the role policies.</summary>
    public static IEnumerable<Claim> Claims(IEnumerable<Grant> grants)
    {
        var list = grants.ToList();
        return list.Select(g => g.ToClaim())
            .Concat(list.Select(g => g.Role).Distinct(StringComparer.Ordinal).Select(role => new Claim(ClaimTypes.Role, role)));
    }
}
