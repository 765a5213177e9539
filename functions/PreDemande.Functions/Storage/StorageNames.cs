namespace PreDemande.Functions.Storage;

/// <summary>Every container, queue and table the app uses. infra/ provisions the same names (a test checks it).</summary>
public static class StorageNames
{
    public static class Containers
    {
        public const string PreApplications = "predemandes";
        public const string Recaps = "recaps";
        public const string Scans = "scans";
        public const string Archive = "archive";
        public const string Quarantine = "quarantine";

        /// <summary>Blob receipts of the local trigger mode, where the Functions host keeps its own.</summary>
        public const string Hosts = "azure-webjobs-hosts";

        public static readonly string[] All = [PreApplications, Recaps, Scans, Archive, Quarantine];
    }

    public static class Tables
    {
        public const string PreApplications = "predemandes";
        public const string Idempotency = "idempotency";
        public const string Audit = "audit";

        public static readonly string[] All = [PreApplications, Idempotency, Audit];
    }

    public static class Queues
    {
        /// <summary>Where the Functions host (and the local trigger mode) parks blob-trigger invocations that failed 5 times.</summary>
        public const string BlobTriggerPoison = "webjobs-blobtrigger-poison";

        public static readonly string[] All = [BlobTriggerPoison];

        public static string Poison(string queue) => queue + "-poison";
    }
}
