using System.IO.Compression;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.Storage;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Infra;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
[Trait(Tier.Name, Tier.System)]
public sealed class ProvisioningTests(PreDemandeFactory app) : IClassFixture<PreDemandeFactory>
{
    private IReadOnlyList<FunctionDeclaration> Declarations => app.Declarations;

    [Fact]
    public async Task Every_container_queue_and_table_the_app_uses_is_provisioned_by_the_bicep()
    {
        var template = await CompiledTemplateAsync();
        var storage = Variables(template, "storage");
        var provisionedContainers = Strings(storage["containers"]).Append(storage["archiveContainer"]!.GetValue<string>()).ToHashSet();
        var provisionedQueues = Strings(storage["queues"]).ToHashSet();
        var provisionedTables = Strings(storage["tables"]).ToHashSet();

        Assert.All(StorageNames.Containers.All, c => Assert.Contains(c, provisionedContainers));
        Assert.All(StorageNames.Queues.All, q => Assert.Contains(q, provisionedQueues));
        Assert.All(StorageNames.Tables.All, t => Assert.Contains(t, provisionedTables));
    }

    [Fact]
    public void Every_trigger_reads_a_container_or_queue_the_app_creates()
    {
        var triggers = StorageTriggers();

        Assert.NotEmpty(triggers);
        Assert.All(triggers.Where(d => d.Kind == TriggerKind.Blob), d => Assert.Contains(d.Container, StorageNames.Containers.All));
        Assert.All(triggers.Where(d => d.Kind == TriggerKind.Queue), d => Assert.Contains(d.Target, StorageNames.Queues.All));
    }

    [Fact]
    public void Each_queue_trigger_has_its_poison_queue()
    {
        Assert.All(StorageTriggers().Where(d => d.Kind == TriggerKind.Queue), d => Assert.Contains(StorageNames.Queues.Poison(d.Target), StorageNames.Queues.All));
    }

    [Fact]
    public void The_queues_the_watch_gauges_and_the_replay_accepts_are_exactly_those_the_queue_triggers_read()
    {
        Assert.Equal(
            StorageTriggers().Where(d => d.Kind == TriggerKind.Queue).Select(d => d.Target).Order(StringComparer.Ordinal),
            StorageNames.Queues.Triggered.Order(StringComparer.Ordinal));
    }

    private FunctionDeclaration[] StorageTriggers() => Declarations.Where(d => d.Kind is TriggerKind.Queue or TriggerKind.Blob).ToArray();

    [Fact]
    public async Task The_app_and_the_templates_take_their_retention_periods_from_one_file()
    {
        var file = JsonNode.Parse(await File.ReadAllTextAsync(Repository.PathOf("infra", "retention.json")))!.AsObject();
        var days = file.Where(p => p.Value!.GetValueKind() == System.Text.Json.JsonValueKind.Number).ToDictionary(p => p.Key, p => TimeSpan.FromDays(p.Value!.GetValue<int>()));
        var storage = Deployment(Deployment(await CompiledTemplateAsync(), "predemande-resources")["properties"]!["template"]!, "storage")["properties"]!["template"]!;

        // The templates: the file as it is, and the immutability policy and lifecycle rules drawn from it.
        // loadJsonContent compiles to a variable holding the file's content, which `retention` names.
        var retention = storage["variables"]!["retention"]!;
        if (retention.GetValueKind() == System.Text.Json.JsonValueKind.String && retention.GetValue<string>() is ['[', 'v', 'a', 'r', ..] expression)
        {
            retention = storage["variables"]![expression["[variables('".Length..^"')]".Length]]!;
        }

        Assert.True(JsonNode.DeepEquals(file, retention), retention.ToJsonString());
        var policy = Resources(storage).Single(r => r["type"]!.GetValue<string>().EndsWith("/immutabilityPolicies", StringComparison.Ordinal));
        Assert.Equal("[variables('retention').archiveImmutabilityDays]", policy["properties"]!["immutabilityPeriodSinceCreationInDays"]!.GetValue<string>());
        var lifecycle = Resources(storage).Single(r => r["type"]!.GetValue<string>().EndsWith("/managementPolicies", StringComparison.Ordinal))
            .ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.All(["uploadedScanDays", "quarantineDays", "blobSafetyNetDays"], name => Assert.Contains($"variables('retention').{name}", lifecycle, StringComparison.Ordinal));

        // The app: its defaults are the same periods.
        var app = new PreDemande.Functions.Retention.RetentionOptions();
        Assert.Equal(days["unusedGraceDays"], app.UnusedGrace);
        Assert.Equal(days["lodgedRetentionDays"], app.LodgedRetention);
        Assert.Equal(days["quarantineDays"], new PreDemande.Functions.Lodging.LodgingOptions().QuarantineRetention);
        Assert.Equal(days["immutableRetryDays"], app.ImmutableRetryAfter);
        Assert.Equal(days["auditDays"], PreDemande.Functions.Audit.AuditLog.Retention);
    }

    [Theory]
    [InlineData("AzureWebJobsStorage", "hostStorageAccountName", "hoststorage")]
    [InlineData("PreDemandeData", "dataStorageAccountName", "storage")]
    public async Task The_host_keeps_its_own_state_in_an_account_apart_from_the_personal_data(string setting, string parameter, string module)
    {
        var resources = Deployment(await CompiledTemplateAsync(), "predemande-resources")["properties"]!["template"]!;
        var functionApp = Deployment(resources, "functionapp");
        var site = Resources(functionApp["properties"]!["template"]!).Single(r => r["type"]!.GetValue<string>() == "Microsoft.Web/sites");
        var settings = site["properties"]!["siteConfig"]!["appSettings"]!.GetValue<string>();

        // Each service of the setting points at the account of that parameter, which the module of that name creates.
        Assert.All(["blob", "queue", "table"], service => Assert.Contains(
            $"createObject('name', '{setting}__{service}ServiceUri', 'value', reference(resourceId('Microsoft.Storage/storageAccounts', parameters('{parameter}')), '2023-05-01').primaryEndpoints.{service})",
            settings,
            StringComparison.Ordinal));
        Assert.Contains($"createObject('name', '{setting}__credential', 'value', 'managedidentity')", settings, StringComparison.Ordinal);
        Assert.Equal(
            $"[reference(resourceId('Microsoft.Resources/deployments', '{module}'), '2025-04-01').outputs.name.value]",
            functionApp["properties"]!["parameters"]![parameter]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void The_queue_and_blob_triggers_read_the_data_account_not_the_host_s()
    {
        var triggers = Declarations.Where(d => d.Kind is TriggerKind.Queue or TriggerKind.Blob).Select(FunctionMetadataWriter.ToJson).Select(json => JsonNode.Parse(json)!["bindings"]![0]!).ToArray();

        Assert.NotEmpty(triggers);
        Assert.All(triggers, t => Assert.Equal("PreDemandeData", t["connection"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_archived_scan_is_no_longer_immutable_when_its_record_falls_due_for_purge()
    {
        var days = await RetentionDaysAsync();

        // A scan is archived before the application ends; its record is purged lodgedRetention after the end.
        Assert.True(days("archiveImmutabilityDays") < days("lodgedRetentionDays"), "the purge of a lodged record would meet a locked archive");
    }

    [Fact]
    public async Task The_retention_periods_are_those_of_the_domain_notes()
    {
        var days = await RetentionDaysAsync();

        // The domain notes: unused 30 days after expiry, lodged 6 months after the end, quarantine 30 days, audit 5 years.
        Assert.Equal(30, days("unusedGraceDays"));
        Assert.InRange(days("lodgedRetentionDays"), 181, 184);
        Assert.Equal(30, days("quarantineDays"));
        Assert.Equal((5 * 365) + 2, days("auditDays"));
    }

    [Fact]
    public async Task The_lifecycle_safety_net_comes_after_every_purge()
    {
        var days = await RetentionDaysAsync();

        // The lifecycle rules delete only what a purge left: after the longest validity allowed
        // (24 months) and its grace, and after a year at the mairie and the préfecture plus the lodged retention.
        Assert.True(days("blobSafetyNetDays") > (24 * 31) + days("unusedGraceDays"));
        Assert.True(days("blobSafetyNetDays") > 365 + days("lodgedRetentionDays"));
    }

    private static async Task<Func<string, int>> RetentionDaysAsync()
    {
        var file = JsonNode.Parse(await File.ReadAllTextAsync(Repository.PathOf("infra", "retention.json")))!;
        return name => file[name]!.GetValue<int>();
    }

    [Fact]
    public async Task Every_blob_triggered_function_gets_an_event_grid_subscription_on_its_container()
    {
        var template = await CompiledTemplateAsync();
        var triggers = Variables(template, "predemande-resources")["blobTriggers"]!.AsArray()
            .Select(t => (Function: t!["function"]!.GetValue<string>(), Container: t["container"]!.GetValue<string>()))
            .ToHashSet();

        var declared = Declarations.Where(d => d.Kind == TriggerKind.Blob).Select(d => (Function: d.Name, d.Container)).ToHashSet();

        Assert.NotEmpty(declared);
        Assert.Equal(declared.OrderBy(d => d.Function), triggers.OrderBy(t => t.Function));
    }

    [Fact]
    public async Task The_deployment_package_holds_host_json_one_folder_per_function_and_the_executable()
    {
        var directory = Directory.CreateTempSubdirectory("predemande-package-").FullName;
        try
        {
            var output = Path.Combine(directory, "package");
            var (exitCode, log) = await Tools.RunAsync(TimeSpan.FromMinutes(6), "env", "PACKAGE_AOT=false", Repository.PathOf("scripts", "package.sh"), output);
            Assert.True(exitCode == 0, log);

            var host = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "host.json")))!;
            var executable = Path.Combine(output, host["customHandler"]!["description"]!["defaultExecutablePath"]!.GetValue<string>());
            Assert.True(File.Exists(executable), executable);
            Assert.True(File.GetUnixFileMode(executable).HasFlag(UnixFileMode.UserExecute));
            Assert.True(host["customHandler"]!["enableProxyingHttpRequest"]!.GetValue<bool>());

            var folders = Directory.GetDirectories(output).Where(d => File.Exists(Path.Combine(d, "function.json"))).Select(Path.GetFileName).Order();
            Assert.Equal(Declarations.Select(d => d.Name).Order(), folders);
            Assert.False(File.Exists(Path.Combine(output, "appsettings.Development.json")));

            using var zip = ZipFile.OpenRead(Path.Combine(directory, "package.zip"));
            var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Contains("host.json", entries);
            Assert.Contains("PreDemande.Functions", entries);
            Assert.All(Declarations, d => Assert.Contains($"{d.Name}/function.json", entries));

            // As unzip sees the archive: the executable keeps mode 755 (Flex Consumption mounts the
            // package read-only, so nothing can set it later), host.json and every function.json
            // sit at the root.
            var (listed, listing) = await Tools.RunAsync("zipinfo", Path.Combine(directory, "package.zip"));
            Assert.True(listed == 0, listing);
            var modes = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(f => f.Length >= 9 && f[0].Length == 10)
                .ToDictionary(f => f[^1], f => f[0]);
            Assert.Equal("-rwxr-xr-x", modes["PreDemande.Functions"]);
            Assert.StartsWith("-rw-", modes["host.json"], StringComparison.Ordinal);
            Assert.All(Declarations, d => Assert.True(modes.ContainsKey($"{d.Name}/function.json"), $"{d.Name}/function.json is not at the root of the zip"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Azd_deploys_the_package_that_keeps_the_execute_bit_not_one_it_zips_itself()
    {
        var azure = await File.ReadAllTextAsync(Repository.PathOf("azure.yaml"));
        var lines = azure.Split('\n').Select(l => l.TrimEnd()).Where(l => !l.TrimStart().StartsWith('#')).ToArray();
        Assert.DoesNotContain(lines, l => l.StartsWith("services:", StringComparison.Ordinal));
        var hook = lines.SkipWhile(l => l.Trim() != "postprovision:").First(l => l.Trim().StartsWith("run:", StringComparison.Ordinal)).Trim()["run:".Length..].Trim();

        var script = await File.ReadAllTextAsync(Repository.PathOf(hook.TrimStart('.', '/')));
        Assert.Contains("scripts/package.sh", script, StringComparison.Ordinal);
        Assert.Contains("config-zip", script, StringComparison.Ordinal);
        Assert.Contains("--src artifacts/package.zip", script, StringComparison.Ordinal);
        Assert.True(File.GetUnixFileMode(Repository.PathOf(hook.TrimStart('.', '/'))).HasFlag(UnixFileMode.UserExecute));
    }

    public static TheoryData<string, string, string> DocumentedRoles => new()
    {
        // Connecting to host storage with an identity; blob trigger permissions (and its footnote on AzureWebJobsStorage).
        { "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Storage Blob Data Owner", "Microsoft.Storage/storageAccounts" },
        { "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Storage Queue Data Contributor", "Microsoft.Storage/storageAccounts" },
        { "17d1049b-9a84-46fb-8f53-869881c3d3ab", "Storage Account Contributor", "Microsoft.Storage/storageAccounts" },
        { "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Storage Table Data Contributor", "Microsoft.Storage/storageAccounts" },
        { "4633458b-17de-408a-b874-0445c86b69e6", "Key Vault Secrets User", "Microsoft.KeyVault/vaults" },
        { "3913510d-42f4-4e42-8a64-420c390055eb", "Monitoring Metrics Publisher", "Microsoft.Insights/components" },
    };

    [Theory]
    [MemberData(nameof(DocumentedRoles))]
    public async Task The_app_identity_gets_each_documented_role_on_its_resource(string roleId, string role, string resourceType)
    {
        var template = await CompiledTemplateAsync();
        var roles = Deployment(template, "roles")["properties"]!["template"]!;
        var key = roles["variables"]!["roleIds"]!.AsObject().SingleOrDefault(v => v.Value!.GetValue<string>() == roleId).Key;
        Assert.True(key is not null, $"{role} ({roleId}) is not in infra/modules/roles.bicep");

        // Storage roles are given on both accounts (the data's and the host's own), as one resource each or in a loop.
        var assignments = Resources(roles).Where(r =>
            r["type"]!.GetValue<string>() == "Microsoft.Authorization/roleAssignments"
            && r["properties"]!["roleDefinitionId"]!.GetValue<string>().Contains($"variables('roleIds').{key}", StringComparison.Ordinal)
            && r["properties"]!["principalId"]!.GetValue<string>() == "[parameters('principalId')]").ToArray();
        Assert.True(assignments.Length > 0, $"{role} is not assigned to the app's identity");
        Assert.All(assignments, assignment => Assert.Contains($"resourceId('{resourceType}'", assignment["scope"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    private static Task<JsonNode> CompiledTemplateAsync() => Bicep.CompiledAsync();

    // The variables of the nested deployment (module) with that name.
    private static JsonObject Variables(JsonNode template, string deployment) =>
        Deployment(template, deployment)["properties"]!["template"]!["variables"]!.AsObject();

    // The nested deployment (module) with that name.
    private static JsonNode Deployment(JsonNode template, string deployment)
    {
        foreach (var resource in Resources(template))
        {
            if (resource["type"]?.GetValue<string>() == "Microsoft.Resources/deployments" && resource["name"]?.GetValue<string>() == deployment)
            {
                return resource;
            }

            if (resource["type"]?.GetValue<string>() == "Microsoft.Resources/deployments")
            {
                try
                {
                    return Deployment(resource["properties"]!["template"]!, deployment);
                }
                catch (KeyNotFoundException)
                {
                }
            }
        }

        throw new KeyNotFoundException($"No module named {deployment} in the compiled template");
    }

    private static IEnumerable<JsonNode> Resources(JsonNode template) => template["resources"] switch
    {
        JsonArray array => array.OfType<JsonNode>(),
        JsonObject map => map.Select(p => p.Value).OfType<JsonNode>(),
        _ => [],
    };

    private static IEnumerable<string> Strings(JsonNode? array) => array!.AsArray().Select(v => v!.GetValue<string>());
}
