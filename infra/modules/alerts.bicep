// Alerts: an action group that e-mails the operators, and one rule per condition an operator must
// act on (docs/operations.md says what each means and what to do). Log rules read the app's
// telemetry in Application Insights (customMetrics from the app's meter "PreDemande", requests
// from its ASP.NET Core instrumentation: HTTP functions and trigger invocations alike); metric
// rules read the storage accounts' platform metrics.
param tags object
param suffix string
param applicationInsightsId string
@description('Storage accounts whose throttling and availability are watched (the data and the host\'s).')
param storageAccountIds array
@description('E-mail of the operators\' mailbox (empty: the action group has no receiver; add one in the portal).')
param alertEmail string
@description('Timers that emit the heartbeat predemande.timers.completed once per completed run (the app\'s daily timers).')
param dailyTimers array

resource operators 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-predemande-${suffix}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'predemande'
    enabled: true
    emailReceivers: empty(alertEmail) ? [] : [{ name: 'operators', emailAddress: alertEmail, useCommonAlertSchema: true }]
  }
}

var logRules = [
  {
    name: 'poison-messages'
    severity: 2
    // Threshold 0: a poisoned message is accepted work that stopped (a task not sent to the CERT,
    // an SMS not sent, a purge not done). Nothing is lost, but nothing moves until an operator
    // fixes the cause and replays it. The app's QueueWatch timer counts every 5 minutes.
    description: 'Messages wait in a poison queue (a -poison queue or webjobs-blobtrigger-poison).'
    frequency: 'PT5M'
    window: 'PT15M'
    query: 'customMetrics | where name == "predemande.poison.messages" | extend queue = tostring(customDimensions.queue) | summarize Waiting = max(value) by queue | where Waiting > 0'
    measure: 'Waiting'
    aggregation: 'Maximum'
    threshold: 0
    dimension: 'queue'
  }
  {
    name: 'failures'
    severity: 1
    // 2% over 15 minutes, once at least 50 calls were made: the app answers 5xx only when storage
    // is unreachable or on a defect (bad input is 4xx), so a sustained 2% is an incident, while
    // one failed call among a handful at night is not. Trigger invocations answer 500 when they
    // fail, so failing functions are caught by the same rule, named by the dimension.
    description: 'HTTP 5xx answers or failed function invocations above 2% of calls over 15 minutes.'
    frequency: 'PT5M'
    window: 'PT15M'
    query: 'requests | summarize Total = count(), Failed = countif(toint(resultCode) >= 500) by name | where Total >= 50 | extend FailedPercent = 100.0 * Failed / Total'
    measure: 'FailedPercent'
    aggregation: 'Maximum'
    threshold: 2
    dimension: 'name'
  }
  {
    name: 'notifications-failed'
    severity: 2
    // 5% over an hour, with at least 20 notifications: phones off or numbers given up make a few
    // percent undelivered on a normal day; above 5% the sender id, the ACS resource or a carrier
    // is at fault and applicants miss that their title is ready.
    description: 'SMS or e-mails failed to send or reported undelivered above 5% over an hour.'
    frequency: 'PT15M'
    window: 'PT1H'
    query: 'customMetrics | where name == "predemande.notifications" | extend status = tostring(customDimensions.status), channel = tostring(customDimensions.channel) | summarize Total = sumif(valueSum, status in ("sent", "failed")), Bad = sumif(valueSum, status in ("failed", "undelivered")) by channel | where Total >= 20 | extend FailedPercent = 100.0 * Bad / Total'
    measure: 'FailedPercent'
    aggregation: 'Maximum'
    threshold: 5
    dimension: 'channel'
  }
  {
    name: 'timer-missing'
    severity: 1
    // 26 hours: the timers run once a day; two hours of grace cover a slow or resumed run. A day
    // without the purge breaks the retention promise (RGPD), a day without reminders leaves
    // titles uncollected. The query lists each expected timer with no heartbeat in 26 hours.
    description: 'A daily timer (purge, reminders) has not completed in 26 hours.'
    frequency: 'PT1H'
    window: 'P2D'
    query: 'let expected = datatable(timer: string) ["${join(dailyTimers, '", "')}"]; let seen = customMetrics | where timestamp > ago(26h) and name == "predemande.timers.completed" | summarize Runs = sum(valueSum) by timer = tostring(customDimensions.timer); expected | join kind=leftouter seen on timer | where isnull(Runs) or Runs == 0 | extend Missing = 1'
    measure: 'Missing'
    aggregation: 'Maximum'
    threshold: 0
    dimension: 'timer'
  }
]

resource logAlerts 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [for rule in logRules: {
  name: 'alert-predemande-${rule.name}-${suffix}'
  location: resourceGroup().location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'PreDemande: ${rule.name}'
    description: rule.description
    severity: rule.severity
    enabled: true
    scopes: [applicationInsightsId]
    evaluationFrequency: rule.frequency
    windowSize: rule.window
    autoMitigate: true
    criteria: {
      allOf: [
        {
          query: rule.query
          metricMeasureColumn: rule.measure
          timeAggregation: rule.aggregation
          operator: 'GreaterThan'
          threshold: rule.threshold
          dimensions: [{ name: rule.dimension, operator: 'Include', values: ['*'] }]
          failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 }
        }
      ]
    }
    actions: { actionGroups: [operators.id] }
  }
}]

// Storage: throttling means the account or a partition is past its scalability targets (docs/
// capacity.md): more than 10 throttled or timed-out transactions in 5 minutes is sustained, not
// the odd retry. Availability under 99.9% over 15 minutes (the service's own SLA level) means
// requests fail on the platform's side.
var metricRules = [
  {
    name: 'throttling'
    severity: 2
    description: 'Storage throttles (ServerBusyError, ServerTimeoutError or ClientThrottlingError): more than 10 transactions in 5 minutes.'
    metric: 'Transactions'
    aggregation: 'Total'
    operator: 'GreaterThan'
    threshold: 10
    window: 'PT5M'
    dimensions: [{ name: 'ResponseType', operator: 'Include', values: ['ServerBusyError', 'ServerTimeoutError', 'ClientThrottlingError'] }]
  }
  {
    name: 'availability'
    severity: 1
    description: 'Storage availability under 99.9% over 15 minutes.'
    metric: 'Availability'
    aggregation: 'Average'
    operator: 'LessThan'
    threshold: json('99.9')
    window: 'PT15M'
    dimensions: []
  }
]

resource storageAlerts 'Microsoft.Insights/metricAlerts@2018-03-01' = [for pair in flatten(map(storageAccountIds, id => map(metricRules, rule => { id: id, rule: rule }))): {
  name: 'alert-predemande-${pair.rule.name}-${last(split(pair.id, '/'))}'
  location: 'global'
  tags: tags
  properties: {
    description: pair.rule.description
    severity: pair.rule.severity
    enabled: true
    scopes: [pair.id]
    evaluationFrequency: 'PT1M'
    windowSize: pair.rule.window
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: pair.rule.name
          metricNamespace: 'Microsoft.Storage/storageAccounts'
          metricName: pair.rule.metric
          timeAggregation: pair.rule.aggregation
          operator: pair.rule.operator
          threshold: pair.rule.threshold
          dimensions: pair.rule.dimensions
        }
      ]
    }
    actions: [{ actionGroupId: operators.id }]
  }
}]

output actionGroupId string = operators.id
output logAlertNames array = [for (rule, i) in logRules: logAlerts[i].name]
