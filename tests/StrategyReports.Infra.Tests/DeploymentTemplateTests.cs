using System.Reflection;
using StrategyReports.Functions.Hosting;
using StrategyReports.TestSupport;

namespace StrategyReports.Infra.Tests;

public class DeploymentTemplateTests(DeploymentTemplate template) : IClassFixture<DeploymentTemplate>
{
    // The Functions host's own containers: timer schedule status, its singleton locks, function keys.
    private static readonly string[] HostContainers = ["azure-webjobs-hosts", "azure-webjobs-secrets"];

    public static TheoryData<string> Templates() =>
        [.. Directory.EnumerateFiles(RepositoryPaths.Combine("infra"), "*.bicep", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(RepositoryPaths.Root, path))
            .Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Templates))]
    public void Every_template_builds_and_lints_without_a_single_diagnostic(string relativePath)
    {
        var path = RepositoryPaths.Combine(relativePath);
        var output = Path.Combine(Path.GetTempPath(), $"bicep-{Guid.NewGuid():N}.json");
        try
        {
            var build = BicepCompiler.Run("build", path, "--outfile", output);
            var lint = BicepCompiler.Run("lint", path);

            Assert.Equal((0, ""), build);
            Assert.Equal((0, ""), lint);
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public void Every_storage_account_refuses_shared_keys_plain_http_old_tls_and_public_blobs()
    {
        var accounts = template.WithSignIn.OfType("Microsoft.Storage/storageAccounts").ToList();

        Assert.Equal(2, accounts.Count);
        Assert.All(accounts, account =>
        {
            var properties = account["properties"]!;
            Assert.False((bool)properties["allowSharedKeyAccess"]!);
            Assert.True((bool)properties["defaultToOAuthAuthentication"]!);
            Assert.True((bool)properties["supportsHttpsTrafficOnly"]!);
            Assert.Equal("TLS1_2", (string?)properties["minimumTlsVersion"]);
            Assert.False((bool)properties["allowBlobPublicAccess"]!);
        });
    }

    [Fact]
    public void The_app_answers_https_only_with_tls_1_2_and_no_ftp_or_basic_publishing_credentials()
    {
        var properties = template.WithSignIn.Site["properties"]!;
        Assert.True((bool)properties["httpsOnly"]!);
        Assert.Equal("1.2", (string?)properties["siteConfig"]!["minTlsVersion"]);
        Assert.Equal("1.2", (string?)properties["siteConfig"]!["scmMinTlsVersion"]);
        Assert.Equal("Disabled", (string?)properties["siteConfig"]!["ftpsState"]);

        var policies = template.WithoutSignIn.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();
        Assert.Equal(["ftp", "scm"], policies.Select(p => ((string)p["name"]!).Split('/')[^1]).Order(StringComparer.Ordinal));
        Assert.All(policies, p => Assert.False((bool)p["properties"]!["allow"]!));
    }

    [Fact]
    public void Storage_is_reached_through_managed_identity_endpoints_never_a_connection_string()
    {
        var settings = template.WithSignIn.AppSettings;

        Assert.Contains(".primaryEndpoints.table]", settings["Storage__TableEndpoint"], StringComparison.Ordinal);
        Assert.Contains(".primaryEndpoints.blob]", settings["Storage__BlobEndpoint"], StringComparison.Ordinal);
        Assert.True(settings.ContainsKey("AzureWebJobsStorage__accountName"));
        Assert.DoesNotContain(settings, s => s.Key is "AzureWebJobsStorage" or "Storage__ConnectionString");
        Assert.DoesNotContain(settings.Values, v => v.Contains("AccountKey", StringComparison.OrdinalIgnoreCase) || v.Contains("listKeys", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Every_secret_is_a_key_vault_reference_read_with_the_apps_own_identity()
    {
        var snapshot = template.WithSignIn;
        var settings = snapshot.AppSettings;
        var vault = snapshot.Single("Microsoft.KeyVault/vaults");
        Assert.True((bool)vault["properties"]!["enableRbacAuthorization"]!);
        Assert.Equal("SystemAssigned", (string?)snapshot.Site["properties"]!["keyVaultReferenceIdentity"]);

        string[] secretSettings = ["Links__SigningKey", "Surveys__CodeSecret", "Auth__ApiKeys__0__Key", "Auth__ApiKeys__1__Key"];
        Assert.All(secretSettings, name => Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0})'", settings[name], StringComparison.Ordinal));
        Assert.Contains("/secrets/links-signing-key'", settings["Links__SigningKey"], StringComparison.Ordinal);
        Assert.Contains("/secrets/surveys-code-secret'", settings["Surveys__CodeSecret"], StringComparison.Ordinal);
        Assert.Contains("'api-key-0'", settings["Auth__ApiKeys__0__Key"], StringComparison.Ordinal);
        Assert.Contains("'api-key-1'", settings["Auth__ApiKeys__1__Key"], StringComparison.Ordinal);

        // The secret values go only into the vault, from secure parameters, and appear nowhere in the evaluated deployment.
        var secrets = snapshot.OfType("Microsoft.KeyVault/vaults/secrets").ToDictionary(s => ((string)s["name"]!).Split('/')[^1], s => (string)s["properties"]!["value"]!);
        Assert.Equal(["api-key-0", "api-key-1", "links-signing-key", "surveys-code-secret"], secrets.Keys.Order(StringComparer.Ordinal));
        Assert.All(secrets.Values, v => Assert.StartsWith("[parameters('", v, StringComparison.Ordinal));
        Assert.All(
            [DeploymentTemplate.SigningKey, DeploymentTemplate.CodeSecret, DeploymentTemplate.FinanceKey, DeploymentTemplate.PmoKey],
            secret => Assert.DoesNotContain(secret, snapshot.Text, StringComparison.Ordinal));

        var vaultRole = Assert.Single(snapshot.AppRoleAssignments, a => a.Role == AzureRoles.KeyVaultSecretsUser);
        Assert.Equal((string)vault["id"]!, vaultRole.Scope);
    }

    [Fact]
    public void Api_keys_keep_their_role_partnership_partner_and_programmes_as_plain_settings()
    {
        var settings = template.WithSignIn.AppSettings;

        Assert.Equal("finance", settings["Auth__ApiKeys__0__Name"]);
        Assert.Equal("partner", settings["Auth__ApiKeys__0__Role"]);
        Assert.Equal("bury", settings["Auth__ApiKeys__0__Partnership"]);
        Assert.Equal("council", settings["Auth__ApiKeys__0__Partner"]);
        Assert.DoesNotContain("Auth__ApiKeys__0__Programmes__0", settings.Keys);
        Assert.Equal("lead", settings["Auth__ApiKeys__1__Role"]);
        Assert.Equal("p1", settings["Auth__ApiKeys__1__Programmes__0"]);
        Assert.Equal("p2", settings["Auth__ApiKeys__1__Programmes__1"]);
        Assert.DoesNotContain("Auth__ApiKeys__1__Partner", settings.Keys);
        Assert.DoesNotContain(template.WithoutSignIn.AppSettings.Keys, k => k.StartsWith("Auth__ApiKeys__", StringComparison.Ordinal));
    }

    [Fact]
    public void The_apps_storage_roles_cover_exactly_its_own_containers_and_tables()
    {
        var snapshot = template.WithSignIn;
        var dataAccount = (string)snapshot.OfType("Microsoft.Storage/storageAccounts").Single(a => (string)a["name"]! != PackageAccountName(snapshot))["id"]!;
        var storageRoles = snapshot.AppRoleAssignments.Where(a => a.Role != AzureRoles.KeyVaultSecretsUser).ToList();

        Assert.All(storageRoles, a => Assert.StartsWith(dataAccount + "/", a.Scope, StringComparison.Ordinal));
        var containerRoles = storageRoles.Where(a => a.Scope.Contains("/blobServices/default/containers/", StringComparison.Ordinal)).ToList();
        var tableRoles = storageRoles.Where(a => a.Scope.Contains("/tableServices/default/tables/", StringComparison.Ordinal)).ToList();
        Assert.Equal(storageRoles.Count, containerRoles.Count + tableRoles.Count);
        Assert.All(containerRoles, a => Assert.Equal(AzureRoles.StorageBlobDataContributor, a.Role));
        Assert.All(tableRoles, a => Assert.Equal(AzureRoles.StorageTableDataContributor, a.Role));

        Assert.Equal(AppStorageNames("ContainerName").Concat(HostContainers).Order(StringComparer.Ordinal), containerRoles.Select(a => a.Scope.Split('/')[^1]).Order(StringComparer.Ordinal));
        Assert.Equal(AppStorageNames("TableName").Order(StringComparer.Ordinal), tableRoles.Select(a => a.Scope.Split('/')[^1]).Order(StringComparer.Ordinal));
        Assert.Equal(
            snapshot.OfType("Microsoft.Storage/storageAccounts/blobServices/containers").Count() + snapshot.OfType("Microsoft.Storage/storageAccounts/tableServices/tables").Count() - 1,
            storageRoles.Count);
    }

    [Fact]
    public void The_deployment_package_is_in_its_own_account_that_the_apps_identity_cannot_touch()
    {
        var snapshot = template.WithSignIn;
        var packageAccount = snapshot.OfType("Microsoft.Storage/storageAccounts").Single(a => (string)a["name"]! == PackageAccountName(snapshot));
        var packageAccountId = (string)packageAccount["id"]!;
        var deployment = snapshot.Site["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!;

        Assert.Contains($"'{packageAccountId}'", (string)deployment["value"]!, StringComparison.Ordinal);
        Assert.Equal("UserAssignedIdentity", (string?)deployment["authentication"]!["type"]);
        var deployer = snapshot.Single("Microsoft.ManagedIdentity/userAssignedIdentities");
        Assert.Equal((string)deployer["id"]!, (string?)deployment["authentication"]!["userAssignedIdentityResourceId"]);

        Assert.DoesNotContain(snapshot.AppRoleAssignments, a => a.Scope.StartsWith(packageAccountId, StringComparison.Ordinal));
        var packageRoles = snapshot.RoleAssignments.Where(a => a.Scope.StartsWith(packageAccountId, StringComparison.Ordinal)).ToList();
        var deployerRole = Assert.Single(packageRoles);
        Assert.Equal($"{packageAccountId}/blobServices/default/containers/app-package", deployerRole.Scope);
        Assert.Contains((string)deployer["id"]!, deployerRole.Principal, StringComparison.Ordinal);
    }

    [Fact]
    public void The_principal_header_is_trusted_exactly_when_app_service_authentication_is_configured()
    {
        var withSignIn = template.WithSignIn;
        Assert.Equal("true", withSignIn.AppSettings["Auth__TrustAppServicePrincipal"]);
        var auth = withSignIn.Single("Microsoft.Web/sites/config");
        Assert.EndsWith("/authsettingsV2", (string)auth["name"]!, StringComparison.Ordinal);
        Assert.True((bool)auth["properties"]!["platform"]!["enabled"]!);
        Assert.Equal(DeploymentTemplate.EntraClientId, (string?)auth["properties"]!["identityProviders"]!["azureActiveDirectory"]!["registration"]!["clientId"]);

        var withoutSignIn = template.WithoutSignIn;
        Assert.Equal("false", withoutSignIn.AppSettings["Auth__TrustAppServicePrincipal"]);
        Assert.Empty(withoutSignIn.OfType("Microsoft.Web/sites/config"));
    }

    private static string PackageAccountName(DeploymentSnapshot snapshot) =>
        (string)snapshot.OfType("Microsoft.Storage/storageAccounts/blobServices/containers")
            .Single(c => ((string)c["name"]!).EndsWith("/app-package", StringComparison.Ordinal))["name"]!.ToString().Split('/')[0];

    // Every store in the app names its container or table in a public constant.
    private static IEnumerable<string> AppStorageNames(string constant) =>
        typeof(TimerFunctionRunner).Assembly.GetTypes()
            .Select(t => t.GetField(constant, BindingFlags.Public | BindingFlags.Static))
            .Where(f => f is { IsLiteral: true })
            .Select(f => (string)f!.GetRawConstantValue()!)
            .Distinct(StringComparer.Ordinal);
}
