using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace PreDemande.LocalHost;

/// <summary>The storage the triggers read, from a connection string (Azurite): one account for the triggers' data and the stand-in host's receipts.</summary>
public sealed class HostStorage(string connectionString)
{
    /// <summary>The connection string, as the SDK's clients are configured from it.</summary>
    public string ConnectionString { get; } = connectionString;

    public const string Setting = "AzureWebJobsStorage";

    /// <summary>The connection the app's triggers name in their function.json.</summary>
    public const string DataSetting = "PreDemandeData";

    /// <summary>Where the host keeps its own state: blob receipts here.</summary>
    public const string HostsContainer = "azure-webjobs-hosts";

    /// <summary>Where blob-trigger invocations that failed <see cref="HostSettings.MaxDequeueCount"/> times are parked.</summary>
    public const string BlobTriggerPoison = "webjobs-blobtrigger-poison";

    // The host's queue trigger reads and writes base64 messages.
    public QueueServiceClient Queues { get; } = new(connectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    public BlobServiceClient Blobs { get; } = new(connectionString);

    public QueueClient Queue(string name) => Queues.GetQueueClient(name);

    public BlobContainerClient Container(string name) => Blobs.GetBlobContainerClient(name);

    public static string Poison(string queue) => queue + "-poison";
}
