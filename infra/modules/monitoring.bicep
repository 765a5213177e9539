// Log Analytics and Application Insights, local (key) authentication disabled: the app sends
// telemetry with its managed identity (Monitoring Metrics Publisher, see roles.bicep).
param location string
param tags object
param suffix string
param retentionInDays int = 90

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-predemande-${suffix}'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: retentionInDays
    features: { disableLocalAuth: true }
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-predemande-${suffix}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
    IngestionMode: 'LogAnalytics'
  }
}

output applicationInsightsName string = insights.name
output applicationInsightsId string = insights.id
output workspaceName string = workspace.name
output workspaceId string = workspace.id
output applicationInsightsConnectionString string = insights.properties.ConnectionString
