using PreDemande.Core.Forms;
using PreDemande.Core.Geography;
using PreDemande.Core.Numbers;
using PreDemande.Functions.PreApplications;

namespace PreDemande.Functions.Notifications;

public enum Channel
{
    Sms,
    Email,
}

/// <summary>A message to send: where, what; or why none is sent.</summary>
public sealed record Composed(Channel Channel, string? Recipient, string? Subject, string Text, string? SkipReason)
{
    public bool Skipped => SkipReason is not null;
}

/// <summary>
/// The messages an applicant may get (api.md "Notifications to the applicant"), their channel and
/// French text: only what the applicant needs (the number, the title kind, the mairie's name).
/// SMS only to a mobile with <c>smsConsent</c>; e-mail only to the address given.
/// </summary>
public static class NotificationKinds
{
    public const string RecapEmail = "recapEmail";
    public const string TitleAvailable = "titleAvailable";
    public const string TitleRefused = "titleRefused";
    public const string CollectionReminder = "collectionReminder";

    public static readonly IReadOnlyList<string> All = [RecapEmail, TitleAvailable, TitleRefused, CollectionReminder];

    public static string Id(string number, string kind) => $"{number}:{kind}";

    public static Composed Compose(string kind, PreApplicationRecord record)
    {
        var number = record.Number;
        var contact = record.Form.Contact;
        var mairie = record.Lodging is { } lodging ? Departements.CommuneName(lodging.Mairie) : null;
        var titles = record.Form.Titles ?? [];
        var (title, are) = titles.Count > 1
            ? ("votre passeport et votre carte nationale d'identité", "sont disponibles")
            : titles.Contains(FormValues.Passport) ? ("votre passeport", "est disponible") : ("votre carte nationale d'identité", "est disponible");
        var grouped = PreApplicationNumber.Grouped(number);
        return kind switch
        {
            RecapEmail => Email(contact?.Email, $"Votre pré-demande {grouped}",
                $"Bonjour,\n\nVotre pré-demande est enregistrée sous le numéro {grouped}. Le récapitulatif est joint : imprimez-le, ou présentez-le sur votre téléphone, au rendez-vous en mairie, avec les pièces justificatives qu'il liste.\n\nCe message est envoyé automatiquement, merci de ne pas y répondre."),
            TitleRefused => Email(contact?.Email, $"Votre demande {grouped}",
                $"Bonjour,\n\nVotre demande de titre (pré-demande {grouped}) n'a pas pu aboutir. La mairie de {mairie} vous indiquera les démarches à suivre.\n\nCe message est envoyé automatiquement, merci de ne pas y répondre."),
            TitleAvailable => Sms(contact, $"{Capitalised(title)} {are} à la mairie de {mairie}. Pré-demande {number}. Retrait sur place, muni du récépissé."),
            CollectionReminder => Sms(contact, $"Rappel : {title} vous attend à la mairie de {mairie}. Sans retrait sous un mois, il sera détruit. Pré-demande {number}."),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown notification kind"),
        };
    }

    private static Composed Email(string? email, string subject, string text) =>
        new(Channel.Email, string.IsNullOrWhiteSpace(email) ? null : email, subject, text, string.IsNullOrWhiteSpace(email) ? "no-email" : null);

    private static Composed Sms(Contact? contact, string text) => contact switch
    {
        { Mobile: null or "" } or null => new(Channel.Sms, null, null, text, "no-mobile"),
        { SmsConsent: not true } => new(Channel.Sms, null, null, text, "no-sms-consent"),
        _ => new(Channel.Sms, contact.Mobile, null, text, null),
    };

    private static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>A recipient as the outbox row keeps it: <c>+33 6 •• •• •• 78</c>, <c>j•••@example.fr</c>. Never logged: logs name a notification by its ids.</summary>
    public static string Mask(Channel channel, string? recipient)
    {
        if (string.IsNullOrEmpty(recipient))
        {
            return "—";
        }

        if (channel == Channel.Email)
        {
            var at = recipient.IndexOf('@', StringComparison.Ordinal);
            return at <= 0 ? "•••" : $"{recipient[0]}•••{recipient[at..]}";
        }

        // E.164: country code, first digit, then pairs; only the first and the last two digits stay.
        var digits = recipient.TrimStart('+');
        var country = digits.StartsWith("33", StringComparison.Ordinal) ? 2 : 3;
        if (digits.Length < country + 3)
        {
            return "+•••";
        }

        var national = digits[country..];
        var middle = string.Join(' ', Enumerable.Repeat("••", (national.Length - 3) / 2));
        return $"+{digits[..country]} {national[0]} {middle} {national[^2..]}".Replace("  ", " ", StringComparison.Ordinal);
    }
}
