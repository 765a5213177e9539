namespace PreDemande.Functions.Storage;

/// <summary>Every container, queue and table the app uses (but the préfectures' <c>instruction-{dep}</c> queues). infra/ provisions the same names (a test checks it).</summary>
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

        /// <summary>Reference data the operator loads: <c>comedec/communes.json</c>, the dematerialised civil-status list.</summary>
        public const string Reference = "reference";

        /// <summary>The 2D-Doc trust material: <c>2ddoc/ca/{caId}.der</c> and <c>2ddoc/{caId}/{certId}.der</c>.</summary>
        public const string Trust = "trust";

        public static readonly string[] All = [PreApplications, Recaps, Scans, Archive, Quarantine, Receipts, Schedule, Reference, Trust];
    }

    public static class Tables
    {
        public const string PreApplications = "predemandes";
        public const string Idempotency = "idempotency";
        public const string Audit = "audit";
        public const string Outbox = "outbox";
        public const string Appointments = "appointments";
        public const string Accounts = "accounts";
        public const string Drafts = "drafts";

        public static readonly string[] All = [PreApplications, Idempotency, Audit, Outbox, Appointments, Accounts, Drafts];
    }

    public static class Queues
    {
        /// <summary>Where the Functions host parks blob-trigger invocations that failed 5 times.</summary>
        public const string BlobTriggerPoison = "webjobs-blobtrigger-poison";

        /// <summary>One message per lodged application whose documents are all archived (read by the préfecture side).</summary>
        public const string DossiersDeposes = "dossiers-deposes";

        /// <summary>One message per accepted progress event of the instruction (read by the notifier).</summary>
        public const string StatusChanges = "status-changes";

        /// <summary>Notification requests <c>{id, number, kind}</c>, read by the notifier.</summary>
        public const string Notifications = "notifications";

        /// <summary>One message per (task, day, shard) of due work, handed on by the timers and read by <c>WorkDueShard</c>.</summary>
        public const string DueWork = "due-work";

        /// <summary>The queues the app's queue triggers read: each has its poison queue.</summary>
        public static readonly string[] Triggered = [DossiersDeposes, StatusChanges, Notifications, DueWork];

        /// <summary>Every queue the app writes or a trigger reads, with the poison queue of each trigger (created on Azurite, provisioned by infra/; a test checks both against the triggers).</summary>
        public static readonly string[] All = [BlobTriggerPoison, .. Triggered.SelectMany(queue => new[] { queue, Poison(queue) })];

        public static string Poison(string queue) => queue + "-poison";
    }
}
