namespace PreDemande.Functions.Notifications;

/// <summary>Settings of the notifications to applicants, section <c>PreDemande:Notifications</c>.</summary>
public sealed class NotificationOptions
{
    public const string Section = "PreDemande:Notifications";
    public const string OutboxSender = "outbox";
    public const string AcsSender = "acs";

    /// <summary><c>outbox</c> (default: the message is only written to the <c>outbox</c> table) or <c>acs</c> (Azure Communication Services).</summary>
    public string Sender { get; set; } = OutboxSender;

    /// <summary><c>endpoint=https://…/;accesskey=…</c>: requests signed with the access key (HMAC-SHA256).</summary>
    public string? AcsConnectionString { get; set; }

    /// <summary>Without a connection string: the endpoint, called with a managed identity token.</summary>
    public string? AcsEndpoint { get; set; }

    /// <summary>The user-assigned managed identity's client id (empty: the system identity or the developer's).</summary>
    public string? ClientId { get; set; }

    /// <summary>Alphanumeric sender id (France: up to 11 characters, registered with ACS).</summary>
    public string SmsFrom { get; set; } = "PREDEMANDE";

    /// <summary>The e-mail sender address of the ACS Email domain (<c>DoNotReply@…</c>).</summary>
    public string EmailFrom { get; set; } = "DoNotReply@predemande.invalid";

    /// <summary>The secret the Event Grid subscription puts in the delivery-report URL (<c>?key=…</c>); unset: reports refused.</summary>
    public string? EventGridKey { get; set; }

    /// <summary>A <c>Retry-After</c> up to this long is waited for in the same run; a longer one fails the run, which the queue retries.</summary>
    public TimeSpan MaxRetryAfterWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A title still not handed over this long after it became available gets one SMS reminder.</summary>
    public TimeSpan ReminderAfter { get; set; } = TimeSpan.FromDays(60);
}
