// The storage account of the app's data (setting PreDemandeData, the triggers' connection):
// blobs, queues, tables. The Functions host keeps its own state apart (modules/hoststorage.bicep).
// No shared key access (identities only), TLS 1.2, no public blob access, versioning and soft
// delete, lifecycle rules for retention, and the archive container immutable (WORM).
param location string
param tags object
param suffix string
param privateNetworking bool
@description('Redundancy of the personal data: Standard_ZRS (three zones of France Central) or Standard_GZRS (and an asynchronous copy in France South).')
@allowed(['Standard_ZRS', 'Standard_GZRS'])
param redundancy string
param softDeleteDays int
@description('The CERT queues of the instruction routing.')
param instructionQueues array

// The retention periods the app also reads (one file, checked by a test): an archived scan is
// immutable for less time than its record is kept after the application ends, so the app's
// purge never meets a locked blob; the lifecycle rules are a safety net behind that purge.
var retention = loadJsonContent('../retention.json')

// Names the app uses (functions/PreDemande.Functions/Storage/StorageNames.cs and the function
// declarations): a test compares them with this template.
var containers = [
  'predemandes' // canonical pre-application documents
  'recaps' // recap PDFs
  'scans' // uploads from the mairie (short-lived)
  'quarantine' // rejected uploads, with the reason
  'receipts' // récépissés de dépôt, drawn at the deposit
  'schedule' // due-date markers read by the timers (reminders, purge)
  'reference' // reference data the operator loads (the COMEDEC list)
  'trust' // 2D-Doc trust material: CA and signing certificates of proofs of address
]
var archiveContainer = 'archive'
var queues = [
  'dossiers-deposes' // complete dossiers, read by DispatchInstructionTask
  'dossiers-deposes-poison'
  'status-changes' // progress of the instruction, one message per accepted event, read by RouteStatusChange
  'status-changes-poison'
  'notifications' // notification requests, read by SendNotification
  'notifications-poison'
  'due-work' // one (task, day, shard) of due work handed on by the timers, read by WorkDueShard
  'due-work-poison'
  'webjobs-blobtrigger-poison'
]
var tables = [
  'predemandes'
  'idempotency'
  'audit'
  'outbox' // one row per notification sent to an applicant (recipient masked)
  'appointments' // appointments declared by booking tools, per number
  'accounts' // each applicant account's pre-applications (the account's SHA-256 as partition), newest first
  'drafts' // each applicant account's unfinished forms, erased 90 days after their last save
]

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'stpredem${suffix}'
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: redundancy }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    // Private networking: reachable only through the private endpoints (modules/privateendpoints.bicep).
    publicNetworkAccess: privateNetworking ? 'Disabled' : 'Enabled'
    networkAcls: { defaultAction: privateNetworking ? 'Deny' : 'Allow', bypass: 'None' }
    // Version-level immutability must be allowed on the account for the archive container.
    immutableStorageWithVersioning: { enabled: true }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    isVersioningEnabled: true
    deleteRetentionPolicy: { enabled: true, days: softDeleteDays }
    containerDeleteRetentionPolicy: { enabled: true, days: softDeleteDays }
  }
}

resource blobContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for name in containers: {
  parent: blobService
  name: name
  properties: { publicAccess: 'None' }
}]

resource archive 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: archiveContainer
  properties: {
    publicAccess: 'None'
    immutableStorageWithVersioning: { enabled: true }
  }
}

// Default time-based retention for every blob version written to archive/: nothing can be
// overwritten or deleted before it expires.
resource archivePolicy 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2023-05-01' = {
  parent: archive
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: retention.archiveImmutabilityDays
    allowProtectedAppendWrites: false
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource storageQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for name in union(queues, instructionQueues): {
  parent: queueService
  name: name
}]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource storageTables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [for name in tables: {
  parent: tableService
  name: name
}]

// Retention of blobs by age. Table rows (pre-applications, audit log: 5 years) are purged by the app.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        // The app purges each record's blobs when its retention ends; these catch what a purge left.
        rule('records-safety-net', ['predemandes/', 'recaps/', 'receipts/'], retention.blobSafetyNetDays, softDeleteDays)
        rule('archive-safety-net', ['${archiveContainer}/'], retention.blobSafetyNetDays, softDeleteDays)
        rule('scans-retention', ['scans/'], retention.uploadedScanDays, softDeleteDays)
        rule('quarantine-retention', ['quarantine/'], retention.quarantineDays, softDeleteDays)
      ]
    }
  }
}

func rule(name string, prefixes string[], days int, versionDays int) object => {
  enabled: true
  name: name
  type: 'Lifecycle'
  definition: {
    filters: { blobTypes: ['blockBlob'], prefixMatch: prefixes }
    actions: {
      baseBlob: { delete: { daysAfterCreationGreaterThan: days } }
      version: { delete: { daysAfterCreationGreaterThan: versionDays } }
    }
  }
}

output name string = account.name
output id string = account.id
output blobEndpoint string = account.properties.primaryEndpoints.blob
