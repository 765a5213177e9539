// What the app's identity needs (Microsoft's documentation), each role scoped to one resource.
param principalId string
param storageAccountName string
@description('The Functions host\'s own account (AzureWebJobsStorage).')
param hostStorageAccountName string
param keyVaultName string
param applicationInsightsName string
param communicationName string
param deployerPrincipalId string

// Each role as Microsoft's documentation gives it for the operation named beside it.
var roleIds = {
  // Storage Blob Data Owner: the host's own storage with an identity (AzureWebJobsStorage: keys,
  // leases, blob receipts) and the blob trigger ("Storage Blob Data Owner and Storage Queue Data
  // Contributor"); the app's blobs; generateUserDelegationKey for the upload and read SAS; the
  // Flex Consumption deployment container.
  blobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  // Storage Queue Data Contributor: queue triggers, the blob trigger's poison queue, messages to
  // the préfecture and the notifier.
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  // Storage Table Data Contributor: pre-applications, idempotency keys, audit log.
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  // Storage Account Contributor: the blob trigger on an identity-based AzureWebJobsStorage
  // (documented with the two roles above for the blobs and queues that enable the trigger).
  storageAccountContributor: '17d1049b-9a84-46fb-8f53-869881c3d3ab'
  // Key Vault Secrets User: resolve the Key Vault references of the app settings.
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  // Key Vault Secrets Officer: for the deployer, to store the client key hashes.
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
  // Monitoring Metrics Publisher: send telemetry to Application Insights without a key.
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  // Contributor, on the Communication Services resource only: the role its Entra ID
  // authentication documents for sending SMS.
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c'
}

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource hostAccount 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: hostStorageAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource insights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource communication 'Microsoft.Communication/communicationServices@2023-04-01' existing = {
  name: communicationName
}

resource blob 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: account
  name: guid(account.id, principalId, roleIds.blobDataOwner)
  properties: { principalId: principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.blobDataOwner) }
}

resource accountContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: account
  name: guid(account.id, principalId, roleIds.storageAccountContributor)
  properties: { principalId: principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageAccountContributor) }
}

resource queue 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: account
  name: guid(account.id, principalId, roleIds.queueDataContributor)
  properties: { principalId: principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.queueDataContributor) }
}

resource table 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: account
  name: guid(account.id, principalId, roleIds.tableDataContributor)
  properties: { principalId: principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.tableDataContributor) }
}

// The host's own account: blobs (keys, leases, timers, the deployment package), queues, and the
// account role the documentation gives for an identity-based AzureWebJobsStorage.
resource hostRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in [roleIds.blobDataOwner, roleIds.queueDataContributor, roleIds.tableDataContributor, roleIds.storageAccountContributor]: {
  scope: hostAccount
  name: guid(hostAccount.id, principalId, role)
  properties: { principalId: principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role) }
}]

resource secrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, principalId, roleIds.keyVaultSecretsUser)
  properties: { principalId: principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.keyVaultSecretsUser) }
}

resource deployerSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  scope: vault
  name: guid(vault.id, deployerPrincipalId, roleIds.keyVaultSecretsOfficer)
  properties: { principalId: deployerPrincipalId, principalType: 'User', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.keyVaultSecretsOfficer) }
}

// The operator who deploys replays poison messages (docs/operations.md): queues only (a message
// names a number, never personal data), not the blobs or tables of the data account.
resource deployerQueues 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  scope: account
  name: guid(account.id, deployerPrincipalId, roleIds.queueDataContributor)
  properties: { principalId: deployerPrincipalId, principalType: 'User', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.queueDataContributor) }
}

resource telemetry 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: insights
  name: guid(insights.id, principalId, roleIds.monitoringMetricsPublisher)
  properties: { principalId: principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.monitoringMetricsPublisher) }
}

resource sms 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: communication
  name: guid(communication.id, principalId, roleIds.contributor)
  properties: { principalId: principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.contributor) }
}
