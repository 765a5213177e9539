using PreDemande.Functions.Settings;

namespace PreDemande.Functions.Notifications;

/// <summary>Settings of the notifications to applicants, section <c>PreDemande:Notifications</c>.</summary>
public sealed class NotificationOptions : ICheckedSettings
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

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        var acs = string.Equals(Sender, AcsSender, StringComparison.OrdinalIgnoreCase);
        if (!acs && !string.Equals(Sender, OutboxSender, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"{Section}:Sender is '{Sender}'; it must be '{OutboxSender}' or '{AcsSender}'.");
        }

        if (acs && string.IsNullOrWhiteSpace(AcsConnectionString) && !Uri.TryCreate(AcsEndpoint, UriKind.Absolute, out _))
        {
            problems.Add($"{Section}:Sender is '{AcsSender}': set {Section}:AcsConnectionString, or {Section}:AcsEndpoint to the resource's address.");
        }

        if (SmsFrom is not { Length: >= 1 and <= 11 } || !SmsFrom.All(char.IsAsciiLetterOrDigit))
        {
            problems.Add($"{Section}:SmsFrom must be 1 to 11 letters or digits (an alphanumeric sender id).");
        }

        if (!EmailFrom.Contains('@', StringComparison.Ordinal))
        {
            problems.Add($"{Section}:EmailFrom must be an e-mail address of the ACS Email domain.");
        }

        problems.AddRange(CheckedSettingsRegistration.Within($"{Section}:MaxRetryAfterWait", MaxRetryAfterWait, TimeSpan.Zero, TimeSpan.FromMinutes(2)));
        problems.AddRange(CheckedSettingsRegistration.Within($"{Section}:ReminderAfter", ReminderAfter, TimeSpan.FromDays(1), TimeSpan.FromDays(366)));
        return problems;
    }
}
