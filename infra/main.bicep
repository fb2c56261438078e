// StrategyReports on Azure Functions Flex Consumption (Linux), hosted as a custom handler.
// Storage is reached with the app's managed identity: no account keys in settings.
// Deploy: az deployment group create -g <rg> -f infra/main.bicep -p name=<prefix> linksSigningKey=<secret>
// then:   az functionapp deployment source config-zip -g <rg> -n <prefix>-func --src artifacts/strategyreports-functions.zip

@description('Prefix for every resource name (lower case letters and digits).')
@minLength(3)
@maxLength(16)
param name string

param location string = resourceGroup().location

@description('Entra ID app registration (client) id for App Service authentication; leave empty to configure sign-in later.')
param entraClientId string = ''

@description('Entra ID tenant id for sign-in.')
param entraTenantId string = subscription().tenantId

@description('Time zone for timer schedules; the partnership works in UK time.')
param timeZone string = 'Europe/London'

@description('Secret that signs personal links to the return form (at least 32 characters). Keep it between deployments: changing it invalidates every issued link.')
@secure()
@minLength(32)
param linksSigningKey string

var storageName = toLower('${name}st${uniqueString(resourceGroup().id)}')
var deploymentContainer = 'app-package'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take(storageName, 24)
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_ZRS' }
  properties: {
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    // Reports and returns are evidence for assurance boards: keep deleted blobs recoverable.
    deleteRetentionPolicy: { enabled: true, days: 30 }
  }
}

resource packageContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainer
}

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

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: '${name}-func'
  location: location
  kind: 'functionapp,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainer}'
          authentication: { type: 'SystemAssignedIdentity' }
        }
      }
      scaleAndConcurrency: { maximumInstanceCount: 40, instanceMemoryMB: 2048 }
      runtime: { name: 'custom', version: '1.0' }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: [
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'WEBSITE_TIME_ZONE', value: timeZone }
        { name: 'AzureWebJobsDisableHomepage', value: 'true' }
        { name: 'Storage__TableEndpoint', value: storage.properties.primaryEndpoints.table }
        { name: 'Storage__BlobEndpoint', value: storage.properties.primaryEndpoints.blob }
        { name: 'Auth__TrustAppServicePrincipal', value: 'true' }
        { name: 'Links__SigningKey', value: linksSigningKey }
      ]
    }
  }
}

// Sign-in for leads and admins. Anonymous requests still reach the app: staff answer surveys and
// partners use personal links without an account; the app decides what each caller may do.
resource auth 'Microsoft.Web/sites/config@2024-04-01' = if (!empty(entraClientId)) {
  parent: app
  name: 'authsettingsV2'
  properties: {
    globalValidation: { requireAuthentication: false, unauthenticatedClientAction: 'AllowAnonymous' }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: entraClientId
          openIdIssuer: 'https://sts.windows.net/${entraTenantId}/v2.0'
        }
      }
    }
    login: { tokenStore: { enabled: false } }
  }
}

var roles = {
  blobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
}

resource roleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in items(roles): {
  name: guid(storage.id, app.id, role.value)
  scope: storage
  properties: {
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
  }
}]

output functionAppName string = app.name
output url string = 'https://${app.properties.defaultHostName}'
