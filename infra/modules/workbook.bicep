// The operators' dashboard: an Azure Monitor workbook over the app's telemetry (Application
// Insights) with the counts an operator looks at first. The queries read the instruments of the
// app's meter "PreDemande" (functions/PreDemande.Functions/Telemetry/AppTelemetry.cs).
param location string
param tags object
param applicationInsightsId string

func counts(title string, names string[]) object => {
  type: 3
  name: title
  content: {
    version: 'KqlItem/1.0'
    title: title
    query: 'customMetrics | where name in ("${join(names, '", "')}") | summarize Count = sum(valueSum) by name, bin(timestamp, 1h) | render timechart'
    queryType: 0
    resourceType: 'microsoft.insights/components'
    visualization: 'timechart'
    timeContext: { durationMs: 86400000 }
  }
}

func table(title string, query string, visualization string) object => {
  type: 3
  name: title
  content: {
    version: 'KqlItem/1.0'
    title: title
    query: query
    queryType: 0
    resourceType: 'microsoft.insights/components'
    visualization: visualization
    timeContext: { durationMs: 86400000 }
  }
}

var items = [
  { type: 1, name: 'heading', content: { json: '## PreDemande\nActivité des dernières 24 heures, files en attente et erreurs. Que faire pour chaque alerte : docs/operations.md.' } }
  counts('Pré-demandes, consultations en mairie, dépôts, récapitulatifs, tâches d\'instruction (par heure)', ['predemande.submissions', 'predemande.lookups', 'predemande.lodgings', 'predemande.recaps', 'predemande.dispatches'])
  table('SMS et courriels : envoyés, en échec, remis, non remis', 'customMetrics | where name == "predemande.notifications" | summarize Count = sum(valueSum) by channel = tostring(customDimensions.channel), status = tostring(customDimensions.status) | order by channel asc, status asc', 'table')
  table('Justificatifs de domicile lus au dépôt (2D-Doc), par résultat et lecture', 'customMetrics | where name == "predemande.proofs.checked" | summarize Count = sum(valueSum) by summary = tostring(customDimensions.summary), reading = tostring(customDimensions.reading) | order by summary asc, reading asc', 'table')
  table('Durée p95 par chemin (ms)', 'requests | summarize Calls = count(), p95 = percentile(duration, 95), Failed = countif(toint(resultCode) >= 500) by name | order by Calls desc', 'table')
  table('Messages en file de poison (dernier relevé)', 'customMetrics | where name == "predemande.poison.messages" | summarize arg_max(timestamp, value) by queue = tostring(customDimensions.queue) | project queue, Waiting = value, at = timestamp', 'table')
  table('Files en attente (due-work : le reste de la purge et des rappels)', 'customMetrics | where name == "predemande.queue.messages" | summarize Waiting = max(value) by queue = tostring(customDimensions.queue), bin(timestamp, 15m) | render timechart', 'timechart')
  table('Dernière exécution complète des minuteries quotidiennes', 'customMetrics | where name == "predemande.timers.completed" | summarize Last = max(timestamp) by timer = tostring(customDimensions.timer)', 'table')
]

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, 'predemande-operations')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: 'PreDemande : exploitation'
    category: 'workbook'
    sourceId: applicationInsightsId
    version: '1.0'
    serializedData: string({
      version: 'Notebook/1.0'
      items: items
      fallbackResourceIds: [applicationInsightsId]
    })
  }
}

output id string = workbook.id
