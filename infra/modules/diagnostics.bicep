// Access logs: every read, write and delete on the blob, queue and table services of both
// storage accounts (so that a download through a SAS URL is traceable to its address, time and
// authentication), and the Key Vault's audit events, sent to the Log Analytics workspace and kept
// as long as the app's own audit entries (retention.json auditDays: 5 years, TES decree): 90
// days searchable, the rest archived in the same tables.
param workspaceName string
param dataStorageAccountName string
param hostStorageAccountName string
param keyVaultName string
@description('Days the access logs are kept in all (retention.json auditDays).')
param auditDays int
@description('Days they stay searchable without a restore.')
param searchableDays int = 90

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: workspaceName
}

resource data 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: dataStorageAccountName
}

resource dataBlob 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' existing = {
  parent: data
  name: 'default'
}

resource dataQueue 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' existing = {
  parent: data
  name: 'default'
}

resource dataTable 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' existing = {
  parent: data
  name: 'default'
}

resource hostAccount 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: hostStorageAccountName
}

resource hostBlob 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' existing = {
  parent: hostAccount
  name: 'default'
}

resource hostQueue 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' existing = {
  parent: hostAccount
  name: 'default'
}

resource hostTable 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' existing = {
  parent: hostAccount
  name: 'default'
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

var storageLogs = [
  { category: 'StorageRead', enabled: true }
  { category: 'StorageWrite', enabled: true }
  { category: 'StorageDelete', enabled: true }
]
var storageMetrics = [{ category: 'Transaction', enabled: true }]

resource dataBlobLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'access-logs'
  scope: dataBlob
  properties: { workspaceId: workspace.id, logs: storageLogs, metrics: storageMetrics }
}

resource dataQueueLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'access-logs'
  scope: dataQueue
  properties: { workspaceId: workspace.id, logs: storageLogs, metrics: storageMetrics }
}

resource dataTableLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'access-logs'
  scope: dataTable
  properties: { workspaceId: workspace.id, logs: storageLogs, metrics: storageMetrics }
}

resource hostBlobLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'access-logs'
  scope: hostBlob
  properties: { workspaceId: workspace.id, logs: storageLogs, metrics: storageMetrics }
}

resource hostQueueLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'access-logs'
  scope: hostQueue
  properties: { workspaceId: workspace.id, logs: storageLogs, metrics: storageMetrics }
}

resource hostTableLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'access-logs'
  scope: hostTable
  properties: { workspaceId: workspace.id, logs: storageLogs, metrics: storageMetrics }
}

resource vaultLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-logs'
  scope: vault
  properties: {
    workspaceId: workspace.id
    logs: [{ categoryGroup: 'audit', enabled: true }]
  }
}

// The tables the settings above write to (Key Vault's audit events land in AzureDiagnostics).
resource tables 'Microsoft.OperationalInsights/workspaces/tables@2022-10-01' = [for table in ['StorageBlobLogs', 'StorageQueueLogs', 'StorageTableLogs', 'AzureDiagnostics']: {
  parent: workspace
  name: table
  properties: {
    retentionInDays: searchableDays
    totalRetentionInDays: auditDays
  }
}]
