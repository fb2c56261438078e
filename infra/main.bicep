// StrategyReports on Azure Functions Flex Consumption (Linux), hosted as a custom handler.
// No keys anywhere: storage is reached with the app's managed identity (shared-key access is off),
// and the app's secrets live in Key Vault, read by the same identity through Key Vault references.
// Deploy: az deployment group create -g <rg> -f infra/main.bicep -p name=<prefix> entraClientId=<app id> \
//           linksSigningKey=<secret> surveysCodeSecret=<secret> apiKeys=@keys.json apiKeySecrets=@key-values.json
// then:   az functionapp deployment source config-zip -g <rg> -n <prefix>-func --src artifacts/strategyreports-functions.zip

@description('Prefix for every resource name (lower case letters and digits).')
@minLength(3)
@maxLength(16)
param name string

param location string = resourceGroup().location

@description('Entra ID app registration (client) id for App Service authentication. Leave empty for no sign-in through Entra: the app then ignores any X-MS-CLIENT-PRINCIPAL header.')
param entraClientId string = ''

@description('Entra ID tenant id for sign-in.')
param entraTenantId string = subscription().tenantId

@description('Time zone for timer schedules; the partnership works in UK time.')
param timeZone string = 'Europe/London'

@description('Secret that signs personal links to the return form (at least 32 characters). Keep it between deployments: changing it invalidates every issued link.')
@secure()
@minLength(32)
param linksSigningKey string

@description('Secret keying the HMAC under which survey codes are stored (at least 32 characters). Keep it between deployments: changing it invalidates every issued code.')
@secure()
@minLength(32)
param surveysCodeSecret string

@description('What one API key for a machine client may do. Its key is in apiKeySecrets under the same name.')
type apiKey = {
  @description('Who the key belongs to; recorded as the caller\'s name.')
  name: string
  role: 'admin' | 'lead' | 'partner'
  @description('The partnership the key is for.')
  partnership: string
  @description('For a partner key: its partner organisation.')
  partner: string?
  @description('For a lead key: the programmes it may see (all when absent).')
  programmes: string[]?
}

param apiKeys apiKey[] = []

@description('The API keys themselves, by name: { "<name>": "<key of 32+ characters>" }.')
@secure()
param apiKeySecrets object = {}

var suffix = uniqueString(resourceGroup().id)

// The platform's own sign-in is on exactly when an Entra client id is given; the app trusts the
// principal header the platform sets only then, so the two can never disagree.
var platformSignIn = !empty(entraClientId)

// What the app and the Functions host store, and nothing else: the app's role assignments are
// scoped to these containers and tables, not to the account.
var appContainers = [
  'reports'
  'strategies'
  'rollups'
  'strategyreports-locks'
  // The Data Protection keys that protect sign-in and personal-link cookies on every instance.
  'dataprotection'
  // The Functions host's timer schedule status, singleton locks and function keys.
  'azure-webjobs-hosts'
  'azure-webjobs-secrets'
]
var appTables = [
  'returns'
  'returndrafts'
  'strategyversions'
  'rollups'
  'personallinks'
  'surveys'
  'surveycodes'
  'surveyresponses'
  'surveyreleases'
  'surveystaging'
  'signinsessions'
  'programmelogs'
  'reminders'
  // Who changed what and when (never bodies, answers, tokens or keys).
  'audittrail'
]
var packageContainerName = 'app-package'

var roles = {
  blobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
}

var hardenedStorage = {
  allowBlobPublicAccess: false
  allowSharedKeyAccess: false
  defaultToOAuthAuthentication: true
  minimumTlsVersion: 'TLS1_2'
  supportsHttpsTrafficOnly: true
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take(toLower('${name}st${suffix}'), 24)
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_ZRS' }
  properties: hardenedStorage
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    // Reports and returns are evidence for assurance boards: keep deleted blobs recoverable.
    deleteRetentionPolicy: { enabled: true, days: 30 }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for container in appContainers: {
  parent: blobService
  name: container
}]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [for table in appTables: {
  parent: tableService
  name: table
}]

// The deployment package sits in an account of its own that the app's identity has no role on, so
// code running in the app cannot replace the code it runs. The platform reads and writes the package
// with a separate identity that holds a role on that one container only.
resource packageStorage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take(toLower('${name}pkg${suffix}'), 24)
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_ZRS' }
  properties: hardenedStorage
}

resource packageBlobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: packageStorage
  name: 'default'
}

resource packageContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: packageBlobService
  name: packageContainerName
}

resource deployer 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${name}-deploy'
  location: location
}

resource deployerPackageRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(packageContainer.id, deployer.id, roles.blobDataContributor)
  scope: packageContainer
  properties: {
    principalId: deployer.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.blobDataContributor)
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: take('${name}-kv-${suffix}', 24)
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    enablePurgeProtection: true
  }
}

resource linksSigningKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'links-signing-key'
  properties: { value: linksSigningKey }
}

resource surveysCodeSecretSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'surveys-code-secret'
  properties: { value: surveysCodeSecret }
}

func apiKeySecretName(index int) string => 'api-key-${index}'

resource apiKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [for (key, i) in apiKeys: {
  parent: vault
  name: apiKeySecretName(i)
  properties: { value: apiKeySecrets[key.name] }
}]

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${name}-ai'
  location: location
  kind: 'web'
  properties: { Application_Type: 'web' }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${name}-plan'
  location: location
  kind: 'functionapp'
  sku: { tier: 'FlexConsumption', name: 'FC1' }
  properties: { reserved: true }
}

func keyVaultReference(secretUri string) string => '@Microsoft.KeyVault(SecretUri=${secretUri})'

var apiKeySettings = flatten(map(range(0, length(apiKeys)), i => concat(
  [
    { name: 'Auth__ApiKeys__${i}__Name', value: apiKeys[i].name }
    { name: 'Auth__ApiKeys__${i}__Key', value: keyVaultReference('${vault.properties.vaultUri}secrets/${apiKeySecretName(i)}') }
    { name: 'Auth__ApiKeys__${i}__Role', value: apiKeys[i].role }
    { name: 'Auth__ApiKeys__${i}__Partnership', value: apiKeys[i].partnership }
  ],
  empty(apiKeys[i].?partner) ? [] : [{ name: 'Auth__ApiKeys__${i}__Partner', value: apiKeys[i].partner! }],
  map(range(0, length(apiKeys[i].?programmes ?? [])), j => { name: 'Auth__ApiKeys__${i}__Programmes__${j}', value: apiKeys[i].programmes![j] })
)))

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: '${name}-func'
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned, UserAssigned'
    userAssignedIdentities: { '${deployer.id}': {} }
  }
  // The key settings name their secrets without referring to them, so wait for them explicitly.
  dependsOn: [apiKeySecret]
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references and storage use the app's own identity, never the deployment identity.
    keyVaultReferenceIdentity: 'SystemAssigned'
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${packageStorage.properties.primaryEndpoints.blob}${packageContainerName}'
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: deployer.id }
        }
      }
      scaleAndConcurrency: { maximumInstanceCount: 40, instanceMemoryMB: 2048 }
      runtime: { name: 'custom', version: '1.0' }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: concat([
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'WEBSITE_TIME_ZONE', value: timeZone }
        { name: 'AzureWebJobsDisableHomepage', value: 'true' }
        { name: 'Storage__TableEndpoint', value: storage.properties.primaryEndpoints.table }
        { name: 'Storage__BlobEndpoint', value: storage.properties.primaryEndpoints.blob }
        { name: 'Auth__TrustAppServicePrincipal', value: platformSignIn ? 'true' : 'false' }
        { name: 'Links__SigningKey', value: keyVaultReference(linksSigningKeySecret.properties.secretUri) }
        { name: 'Surveys__CodeSecret', value: keyVaultReference(surveysCodeSecretSecret.properties.secretUri) }
      ], apiKeySettings)
    }
  }
}

// Deployments go through Entra-authenticated calls only: no FTP and no basic (user name and password)
// publishing credentials.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'ftp'
  properties: { allow: false }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'scm'
  properties: { allow: false }
}

// Sign-in for leads and admins. Anonymous requests still reach the app: staff answer surveys and
// partners use personal links without an account; the app decides what each caller may do.
resource auth 'Microsoft.Web/sites/config@2024-04-01' = if (platformSignIn) {
  parent: app
  name: 'authsettingsV2'
  properties: {
    platform: { enabled: true }
    globalValidation: { requireAuthentication: false, unauthenticatedClientAction: 'AllowAnonymous' }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: entraClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${entraTenantId}/v2.0'
        }
      }
    }
    login: { tokenStore: { enabled: false } }
  }
}

resource containerRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (container, i) in appContainers: {
  name: guid(containers[i].id, app.id, roles.blobDataContributor)
  scope: containers[i]
  properties: {
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.blobDataContributor)
  }
}]

resource tableRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (table, i) in appTables: {
  name: guid(tables[i].id, app.id, roles.tableDataContributor)
  scope: tables[i]
  properties: {
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.tableDataContributor)
  }
}]

resource secretsRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, app.id, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

output functionAppName string = app.name
output url string = 'https://${app.properties.defaultHostName}'
output keyVaultName string = vault.name
