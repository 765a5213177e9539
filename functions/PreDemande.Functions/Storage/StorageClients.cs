using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace PreDemande.Functions.Storage;

/// <summary>
/// The data's storage account, named by the setting <see cref="DataSetting"/> (the connection
/// of the queue and blob triggers too), in the form the Functions host reads: a connection string
/// (Azurite), or in Azure the identity-based <c>PreDemandeData__blobServiceUri|queueServiceUri|tableServiceUri</c>
/// with <c>__credential=managedidentity</c> and <c>__clientId</c>. In Azure the host's own
/// state is in another account (<c>AzureWebJobsStorage</c>); where <see cref="DataSetting"/> is
/// not set (Azurite, one account for all), the data is read from <c>AzureWebJobsStorage</c>.
/// </summary>
public sealed class StorageClients
{
    public const string Setting = "AzureWebJobsStorage";

    /// <summary>The connection of the data: app settings <c>PreDemandeData</c> or <c>PreDemandeData__…</c>.</summary>
    public const string DataSetting = "PreDemandeData";

    private const string DevelopmentAccount = "devstoreaccount1";
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private StorageClients(BlobServiceClient blobs, QueueServiceClient queues, TableServiceClient tables, TableProvisioner tableProvisioner, bool usesConnectionString)
    {
        Blobs = blobs;
        Queues = queues;
        Tables = tables;
        TableProvisioner = tableProvisioner;
        UsesConnectionString = usesConnectionString;
    }

    public TableProvisioner TableProvisioner { get; }

    public BlobServiceClient Blobs { get; }

    public QueueServiceClient Queues { get; }

    public TableServiceClient Tables { get; }

    /// <summary>True with a connection string (Azurite): a development account, where the app creates missing storage itself.</summary>
    public bool UsesConnectionString { get; }

    public BlobContainerClient Container(string name) => Blobs.GetBlobContainerClient(name);

    public TableClient Table(string name) => Tables.GetTableClient(name);

    public QueueClient Queue(string name) => Queues.GetQueueClient(name);

    public static StorageClients FromConfiguration(IConfiguration configuration)
    {
        // The host's queue trigger reads and writes base64 messages: do the same.
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var blobOptions = new BlobClientOptions();

        var name = !string.IsNullOrWhiteSpace(configuration[DataSetting]) || configuration.GetSection(DataSetting).GetChildren().Any() ? DataSetting : Setting;
        var connectionString = configuration[name];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2))
                .Where(p => p.Length == 2)
                .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
            var accountKey = parts.GetValueOrDefault("AccountKey") ?? DevelopmentKey;
            var accountName = parts.GetValueOrDefault("AccountName") ?? DevelopmentAccount;
            var endpoint = new TableServiceClient(connectionString).Uri; // the SDK's reading of the endpoint (Azurite's path-style account included)
            var tables = SharedKeyLite.Client(endpoint, accountName, Convert.FromBase64String(accountKey), TimeProvider.System);
            return new StorageClients(
                new BlobServiceClient(connectionString, blobOptions),
                new QueueServiceClient(connectionString, queueOptions),
                tables,
                TableProvisioner.WithAccountKey(endpoint, accountName, accountKey),
                usesConnectionString: true);
        }

        var section = configuration.GetSection(name);
        var credential = Credential(section);
        var tableUri = RequiredUri(section, "tableServiceUri");
        return new StorageClients(
            new BlobServiceClient(RequiredUri(section, "blobServiceUri"), credential, blobOptions),
            new QueueServiceClient(RequiredUri(section, "queueServiceUri"), credential, queueOptions),
            new TableServiceClient(tableUri, credential),
            TableProvisioner.WithToken(tableUri, credential),
            usesConnectionString: false);
    }

    private static TokenCredential Credential(IConfigurationSection section)
    {
        var clientId = section["clientId"];
        return string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(string.IsNullOrEmpty(clientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential();
    }

    private static Uri RequiredUri(IConfigurationSection section, string key) =>
        Uri.TryCreate(section[key], UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException($"Storage is not configured: set {section.Key} (connection string) or {section.Key}__{key}.");
}
