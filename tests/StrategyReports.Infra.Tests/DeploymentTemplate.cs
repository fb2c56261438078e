using System.Text.Json.Nodes;
using StrategyReports.TestSupport;

namespace StrategyReports.Infra.Tests;

/// <summary>
/// <c>infra/main.bicep</c> compiled to ARM JSON, and that compiled template evaluated by the
/// compiler (<c>bicep snapshot</c>) for two deployments: one with Entra sign-in and API keys, one without
/// either. The snapshot resolves parameters, loops and conditions offline, leaving only what Azure
/// knows at deployment time (resource references) as expressions.
/// </summary>
public sealed class DeploymentTemplate : IDisposable
{
    public const string SigningKey = "links-signing-key-0123456789abcdefghij";
    public const string CodeSecret = "surveys-code-secret-0123456789abcdefgh";
    public const string FinanceKey = "finance-api-key-0123456789abcdefghijkl";
    public const string PmoKey = "pmo-api-key-0123456789abcdefghijklmnopq";
    public const string EntraClientId = "11111111-2222-3333-4444-555555555555";

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("bicep-");

    public DeploymentTemplate()
    {
        TemplatePath = RepositoryPaths.Combine("infra", "main.bicep");
        var compiled = Path.Combine(_work.FullName, "main.json");
        var (exitCode, output) = BicepCompiler.Run("build", TemplatePath, "--outfile", compiled);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"bicep build failed: {output}");
        }

        WithSignIn = Snapshot("with-sign-in", $$"""
            param entraClientId = '{{EntraClientId}}'
            param apiKeys = [
              { name: 'finance', role: 'partner', partnership: 'bury', partner: 'council' }
              { name: 'pmo', role: 'lead', partnership: 'bury', programmes: ['p1', 'p2'] }
            ]
            param apiKeySecrets = { finance: '{{FinanceKey}}', pmo: '{{PmoKey}}' }
            """);
        WithoutSignIn = Snapshot("without-sign-in", "");
    }

    public string TemplatePath { get; }

    public DeploymentSnapshot WithSignIn { get; }

    public DeploymentSnapshot WithoutSignIn { get; }

    public void Dispose() => _work.Delete(recursive: true);

    private DeploymentSnapshot Snapshot(string name, string parameters)
    {
        var file = Path.Combine(_work.FullName, $"{name}.bicepparam");
        File.WriteAllText(file, $"""
            using './main.json'
            param name = 'srtest'
            param linksSigningKey = '{SigningKey}'
            param surveysCodeSecret = '{CodeSecret}'
            {parameters}
            """);
        var (exitCode, output) = BicepCompiler.Run(
            "snapshot", file, "--mode", "overwrite",
            "--tenant-id", "00000000-0000-0000-0000-00000000000a",
            "--subscription-id", "00000000-0000-0000-0000-00000000000b",
            "--resource-group", "strategyreports", "--location", "uksouth");
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"bicep snapshot failed: {output}");
        }

        var text = File.ReadAllText(Path.ChangeExtension(file, ".snapshot.json"));
        return new DeploymentSnapshot(text, JsonNode.Parse(text)!["predictedResources"]!.AsArray().Select(r => r!.AsObject()).ToList());
    }
}

/// <summary>The resources one deployment would create, with their properties evaluated.</summary>
public sealed record DeploymentSnapshot(string Text, IReadOnlyList<JsonObject> Resources)
{
    public IEnumerable<JsonObject> OfType(string type) =>
        Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));

    public JsonObject Single(string type) => Assert.Single(OfType(type));

    public JsonObject Site => Single("Microsoft.Web/sites");

    public IReadOnlyDictionary<string, string> AppSettings =>
        Site["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(s => (string)s!["name"]!, s => (string)s!["value"]!, StringComparer.Ordinal);

    /// <summary>Role assignments: the scope they are made on, the role, and an expression naming the principal.</summary>
    public IEnumerable<RoleAssignment> RoleAssignments => OfType("Microsoft.Authorization/roleAssignments").Select(r =>
    {
        var id = (string)r["id"]!;
        var scope = id[..id.IndexOf("/providers/Microsoft.Authorization/roleAssignments/", StringComparison.Ordinal)];
        var role = ((string)r["properties"]!["roleDefinitionId"]!).Split('/')[^1];
        return new RoleAssignment(scope, role, (string)r["properties"]!["principalId"]!);
    });

    /// <summary>Assignments to the app's own (system-assigned) identity, the one its code and Key Vault references use.</summary>
    public IEnumerable<RoleAssignment> AppRoleAssignments =>
        RoleAssignments.Where(a => a.Principal.Contains("Microsoft.Web/sites/", StringComparison.Ordinal)
            && a.Principal.EndsWith(".identity.principalId]", StringComparison.Ordinal));
}

public sealed record RoleAssignment(string Scope, string Role, string Principal);

public static class AzureRoles
{
    public const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    public const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    public const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
}
