using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PreDemande.Functions.Scheduling;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Infra;

/// <summary>The operations side of the templates, checked on the resources a deployment would create (<c>bicep snapshot</c>).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
[Trait(Tier.Name, Tier.System)]
public sealed partial class OperationsProvisioningTests
{
    private const string Mailbox = "exploitation@example.gouv.fr";

    private static readonly string[] Services = ["blob", "queue", "table"];

    private static Task<JsonArray> ProductionAsync() =>
        Bicep.PredictedResourcesAsync(("environmentName", "'prod'"), ("alertEmail", $"'{Mailbox}'"));

    private static Task<JsonArray> RecetteAsync() => Bicep.PredictedResourcesAsync(("environmentName", "'recette'"));

    [Fact]
    public async Task A_production_environment_reaches_every_storage_service_and_the_key_vault_only_through_private_endpoints()
    {
        var resources = await ProductionAsync();

        var guarded = OfType(resources, "Microsoft.Storage/storageAccounts").Concat(OfType(resources, "Microsoft.KeyVault/vaults")).ToArray();
        Assert.Equal(3, guarded.Length);
        Assert.All(guarded, r => Assert.Equal("Disabled", r["properties"]!["publicNetworkAccess"]!.GetValue<string>()));
        Assert.All(guarded, r => Assert.Equal("Deny", r["properties"]!["networkAcls"]!["defaultAction"]!.GetValue<string>()));

        var endpoints = OfType(resources, "Microsoft.Network/privateEndpoints").ToArray();
        var expected = OfType(resources, "Microsoft.Storage/storageAccounts").SelectMany(a => Services.Select(s => (Target: Id(a), Group: s)))
            .Append((Target: Id(OfType(resources, "Microsoft.KeyVault/vaults").Single()), Group: "vault"))
            .OrderBy(e => e.Target + e.Group, StringComparer.Ordinal).ToArray();
        var actual = endpoints.Select(e => e["properties"]!["privateLinkServiceConnections"]!.AsArray().Single()!["properties"]!)
            .Select(c => (Target: c["privateLinkServiceId"]!.GetValue<string>(), Group: c["groupIds"]!.AsArray().Single()!.GetValue<string>()))
            .OrderBy(e => e.Target + e.Group, StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, actual);
        Assert.All(endpoints, e => Assert.EndsWith("/subnets/endpoints", e["properties"]!["subnet"]!["id"]!.GetValue<string>(), StringComparison.Ordinal));

        // Each endpoint registered in the DNS zone of its service, each zone linked to the VNet.
        var zoneGroups = OfType(resources, "Microsoft.Network/privateEndpoints/privateDnsZoneGroups").ToArray();
        Assert.Equal(endpoints.Length, zoneGroups.Length);
        Assert.All(zoneGroups, g =>
        {
            var config = g["properties"]!["privateDnsZoneConfigs"]!.AsArray().Single()!;
            var group = config["name"]!.GetValue<string>();
            Assert.EndsWith($"-{group}/default", g["name"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Contains(group == "vault" ? "privatelink.vaultcore.azure.net" : $"privatelink.{group}.", config["properties"]!["privateDnsZoneId"]!.GetValue<string>(), StringComparison.Ordinal);
        });
        Assert.Equal(4, OfType(resources, "Microsoft.Network/privateDnsZones").Count());
        Assert.Equal(4, OfType(resources, "Microsoft.Network/privateDnsZones/virtualNetworkLinks").Count());

        // The app's outbound traffic through the VNet's delegated subnet.
        var vnet = OfType(resources, "Microsoft.Network/virtualNetworks").Single();
        var app = vnet["properties"]!["subnets"]!.AsArray().Single(s => s!["name"]!.GetValue<string>() == "app")!;
        Assert.Equal("Microsoft.App/environments", app["properties"]!["delegations"]!.AsArray().Single()!["properties"]!["serviceName"]!.GetValue<string>());
        var site = OfType(resources, "Microsoft.Web/sites").Single();
        Assert.Equal($"{Id(vnet)}/subnets/app", site["properties"]!["virtualNetworkSubnetId"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_environment_that_is_not_production_stays_public_without_a_vnet_unless_asked()
    {
        var recette = await RecetteAsync();
        var asked = await Bicep.PredictedResourcesAsync(("environmentName", "'recette'"), ("privateNetworking", "true"));

        Assert.All(OfType(recette, "Microsoft.Storage/storageAccounts").Concat(OfType(recette, "Microsoft.KeyVault/vaults")),
            r => Assert.Equal("Enabled", r["properties"]!["publicNetworkAccess"]!.GetValue<string>()));
        Assert.Empty(OfType(recette, "Microsoft.Network/virtualNetworks"));
        Assert.Empty(OfType(recette, "Microsoft.Network/privateEndpoints"));
        Assert.Null(OfType(recette, "Microsoft.Web/sites").Single()["properties"]!["virtualNetworkSubnetId"]);
        Assert.Equal(7, OfType(asked, "Microsoft.Network/privateEndpoints").Count());
        Assert.All(OfType(asked, "Microsoft.Storage/storageAccounts"), r => Assert.Equal("Disabled", r["properties"]!["publicNetworkAccess"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Every_read_write_and_delete_on_both_accounts_and_the_key_vault_audit_go_to_log_analytics_for_the_audit_retention()
    {
        var resources = await RecetteAsync();
        var workspace = Id(OfType(resources, "Microsoft.OperationalInsights/workspaces").Single());
        var settings = OfType(resources, "Microsoft.Insights/diagnosticSettings").ToArray();

        foreach (var account in OfType(resources, "Microsoft.Storage/storageAccounts"))
        {
            foreach (var service in Services)
            {
                var setting = Assert.Single(settings, s => Id(s).StartsWith($"{Id(account)}/{service}Services/default/providers/", StringComparison.Ordinal));
                Assert.Equal(workspace, setting["properties"]!["workspaceId"]!.GetValue<string>());
                var categories = setting["properties"]!["logs"]!.AsArray().Where(l => l!["enabled"]!.GetValue<bool>()).Select(l => l!["category"]!.GetValue<string>());
                Assert.Equal(["StorageDelete", "StorageRead", "StorageWrite"], categories.Order(StringComparer.Ordinal));
            }
        }

        var vault = Assert.Single(settings, s => Id(s).StartsWith(Id(OfType(resources, "Microsoft.KeyVault/vaults").Single()) + "/providers/", StringComparison.Ordinal));
        Assert.Equal("audit", vault["properties"]!["logs"]!.AsArray().Single()!["categoryGroup"]!.GetValue<string>());
        var auditDays = JsonNode.Parse(await File.ReadAllTextAsync(Repository.PathOf("infra", "retention.json")))!["auditDays"]!.GetValue<int>();
        var tables = OfType(resources, "Microsoft.OperationalInsights/workspaces/tables").ToDictionary(t => t["name"]!.GetValue<string>().Split('/')[1], t => t["properties"]!["totalRetentionInDays"]!.GetValue<int>());
        Assert.Equal(["AzureDiagnostics", "StorageBlobLogs", "StorageQueueLogs", "StorageTableLogs"], tables.Keys.Order(StringComparer.Ordinal));
        Assert.All(tables, t => Assert.Equal(auditDays, t.Value));
    }

    [Fact]
    public async Task Every_alert_mails_the_operators()
    {
        var (_, group, logAlerts, metricAlerts) = await AlertsAsync();

        Assert.Equal(Mailbox, group["properties"]!["emailReceivers"]!.AsArray().Single()!["emailAddress"]!.GetValue<string>());
        Assert.Equal(["failures", "notifications-failed", "poison-messages", "timer-missing"], logAlerts.Select(a => RuleName(a["name"]!)).Order(StringComparer.Ordinal));
        Assert.Equal(4, metricAlerts.Length); // throttling and availability of each account
        Assert.All(logAlerts, a => Assert.Equal(Id(group), a["properties"]!["actions"]!["actionGroups"]!.AsArray().Single()!.GetValue<string>()));
        Assert.All(metricAlerts, a => Assert.Equal(Id(group), a["properties"]!["actions"]!.AsArray().Single()!["actionGroupId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Every_alert_is_explained_in_the_runbook()
    {
        var (_, _, logAlerts, metricAlerts) = await AlertsAsync();
        var runbook = await File.ReadAllTextAsync(Repository.PathOf("docs", "operations.md"));

        Assert.All(logAlerts.Concat(metricAlerts), a => Assert.Contains($"`{RuleName(a["name"]!)}`", runbook, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_metric_alert_watches_its_own_storage_account()
    {
        var (resources, _, _, metricAlerts) = await AlertsAsync();

        Assert.All(metricAlerts, a => Assert.Equal(
            OfType(resources, "Microsoft.Storage/storageAccounts").Select(Id).Single(id => a["name"]!.GetValue<string>().EndsWith(id.Split('/')[^1], StringComparison.Ordinal)),
            a["properties"]!["scopes"]!.AsArray().Single()!.GetValue<string>()));
    }

    [Fact]
    public async Task The_alerts_and_the_dashboard_read_instruments_the_app_emits()
    {
        var (queries, workbookQueries) = await MonitoringQueriesAsync();
        var telemetry = await File.ReadAllTextAsync(Repository.PathOf("functions", "PreDemande.Functions", "Telemetry", "AppTelemetry.cs"));

        var instruments = queries.Values.Concat(workbookQueries).SelectMany(q => Instrument().Matches(q).Select(m => m.Groups[1].Value)).Distinct().ToArray();
        Assert.NotEmpty(instruments);
        Assert.All(instruments, name => Assert.Contains($"\"{name}\"", telemetry, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_heartbeat_alert_names_the_app_s_daily_timers()
    {
        var (queries, _) = await MonitoringQueriesAsync();

        Assert.Contains(DueWorkTimers.NightTimer.Name, queries["timer-missing"], StringComparison.Ordinal);
        Assert.Contains(DueWorkTimers.MorningTimer.Name, queries["timer-missing"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dashboard_charts_every_counter_and_the_95th_percentile_of_durations()
    {
        var (_, workbookQueries) = await MonitoringQueriesAsync();

        foreach (var counted in new[] { "predemande.submissions", "predemande.lookups", "predemande.lodgings", "predemande.recaps", "predemande.dispatches", "predemande.notifications", "predemande.poison.messages", "predemande.queue.messages", "predemande.timers.completed" })
        {
            Assert.Contains(workbookQueries, q => q.Contains($"\"{counted}\"", StringComparison.Ordinal));
        }

        Assert.Contains(workbookQueries, q => q.Contains("percentile(duration, 95)", StringComparison.Ordinal));
    }

    // The production resources, the operators' action group, and the log and metric alerts.
    private static async Task<(JsonArray Resources, JsonNode Group, JsonNode[] LogAlerts, JsonNode[] MetricAlerts)> AlertsAsync()
    {
        var resources = await ProductionAsync();
        var group = OfType(resources, "Microsoft.Insights/actionGroups").Single();
        return (resources, group, OfType(resources, "Microsoft.Insights/scheduledQueryRules").ToArray(), OfType(resources, "Microsoft.Insights/metricAlerts").ToArray());
    }

    // The queries of the log alerts by rule name, and those of the dashboard (recette).
    private static async Task<(Dictionary<string, string> Alerts, string[] Workbook)> MonitoringQueriesAsync()
    {
        var resources = await RecetteAsync();
        var queries = OfType(resources, "Microsoft.Insights/scheduledQueryRules").ToDictionary(a => RuleName(a["name"]!), a => a["properties"]!["criteria"]!["allOf"]!.AsArray().Single()!["query"]!.GetValue<string>());
        var workbook = JsonNode.Parse(OfType(resources, "Microsoft.Insights/workbooks").Single()["properties"]!["serializedData"]!.GetValue<string>())!;
        return (queries, workbook["items"]!.AsArray().Select(i => i!["content"]!["query"]?.GetValue<string>()).OfType<string>().ToArray());
    }

    [Theory]
    [InlineData("'Standard_ZRS'", "Standard_ZRS")]
    [InlineData("'Standard_GZRS'", "Standard_GZRS")]
    public async Task The_redundancy_of_the_personal_data_is_a_parameter(string parameter, string sku)
    {
        var resources = await Bicep.PredictedResourcesAsync(("environmentName", "'recette'"), ("storageRedundancy", parameter));

        var data = OfType(resources, "Microsoft.Storage/storageAccounts").Single(a => a["name"]!.GetValue<string>().StartsWith("stpredem", StringComparison.Ordinal));
        Assert.Equal(sku, data["sku"]!["name"]!.GetValue<string>());
    }

    private static IEnumerable<JsonNode> OfType(JsonArray resources, string type) =>
        resources.OfType<JsonNode>().Where(r => string.Equals(r["type"]!.GetValue<string>(), type, StringComparison.OrdinalIgnoreCase));

    private static string Id(JsonNode resource) => resource["id"]!.GetValue<string>();

    // alert-predemande-{rule}-{suffix or account}
    private static string RuleName(JsonNode name)
    {
        var parts = name.GetValue<string>()["alert-predemande-".Length..].Split('-');
        return string.Join('-', parts[..^1]);
    }

    [GeneratedRegex("\"(predemande\\.[a-z.]+)\"")]
    private static partial Regex Instrument();
}
