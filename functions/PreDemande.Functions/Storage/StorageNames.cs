using PreDemande.Functions.Hosting;

namespace PreDemande.Functions.Storage;

/// <summary>The containers, queues and tables an app with these functions needs.</summary>
public sealed record RequiredStorage(IReadOnlyList<string> Containers, IReadOnlyList<string> Queues, IReadOnlyList<string> Tables);

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

        /// <summary>Récépissés de dépôt, drawn at the deposit.</summary>
        public const string Receipts = "receipts";

        /// <summary>What is due on which day: <c>{task}/{yyyy-MM-dd}/{number}</c>, empty blobs read by the timers.</summary>
        public const string Schedule = "schedule";

        /// <summary>Blob receipts of the local trigger mode, where the Functions host keeps its own.</summary>
        public const string Hosts = "azure-webjobs-hosts";

        public static readonly string[] All = [PreApplications, Recaps, Scans, Archive, Quarantine, Receipts, Schedule];
    }

    public static class Tables
    {
        public const string PreApplications = "predemandes";
        public const string Idempotency = "idempotency";
        public const string Audit = "audit";
        public const string Outbox = "outbox";
        public const string Appointments = "appointments";

        public static readonly string[] All = [PreApplications, Idempotency, Audit, Outbox, Appointments];
    }

    /// <summary>
    /// Everything the app reads or writes: the fixed names below, plus the container of each blob
    /// trigger and the queue (and its poison queue) of each queue trigger. Created at start-up on
    /// Azurite; provisioned by infra/ in Azure (a test compares).
    /// </summary>
    public static RequiredStorage Required(IEnumerable<FunctionDeclaration> functions)
    {
        var declarations = functions.ToArray();
        var containers = Containers.All.Append(Containers.Hosts)
            .Concat(declarations.Where(d => d.Kind == TriggerKind.Blob).Select(d => d.Container));
        var queues = Queues.All
            .Concat(declarations.Where(d => d.Kind == TriggerKind.Queue).SelectMany(d => new[] { d.Target, Queues.Poison(d.Target) }));
        return new RequiredStorage(
            containers.Distinct(StringComparer.Ordinal).ToArray(),
            queues.Distinct(StringComparer.Ordinal).ToArray(),
            Tables.All);
    }

    public static class Queues
    {
        /// <summary>Where the Functions host (and the local trigger mode) parks blob-trigger invocations that failed 5 times.</summary>
        public const string BlobTriggerPoison = "webjobs-blobtrigger-poison";

        /// <summary>One message per lodged application whose documents are all archived (read by the préfecture side).</summary>
        public const string DossiersDeposes = "dossiers-deposes";

        /// <summary>One message per accepted progress event of the instruction (read by the notifier).</summary>
        public const string StatusChanges = "status-changes";

        /// <summary>Notification requests <c>{id, number, kind}</c>, read by the notifier.</summary>
        public const string Notifications = "notifications";

        public static readonly string[] All = [BlobTriggerPoison, DossiersDeposes, StatusChanges];

        public static string Poison(string queue) => queue + "-poison";
    }
}
