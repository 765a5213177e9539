using System.Security.Cryptography;
using System.Text;
using Azure;
using PreDemande.Core.Documents;
using PreDemande.Core.Fees;
using PreDemande.Core.Forms;
using PreDemande.Core.Lifecycle;
using PreDemande.Core.Proofs;

namespace PreDemande.Functions.PreApplications;

/// <summary>A pre-application as stored: its canonical document, its status, and what the mairie added.</summary>
public sealed record PreApplicationRecord(PreApplicationDocument Document, PreApplicationStatus Status, string? OwnerTag, ETag ETag)
{
    /// <summary>The SHA-256 of the applicant's account (<see cref="ApplicantAccount"/>); null when the portal named none.</summary>
    public string? Account { get; init; }

    /// <summary>When the recap PDF was stored.</summary>
    public DateTimeOffset? RecapReadyAt { get; init; }

    /// <summary>The form as corrected at the mairie, with every correction; null when never corrected.</summary>
    public CorrectedForm? Corrected { get; init; }

    /// <summary>The lodging at the mairie (where and when, expected documents, archived scans); null until it is lodged.</summary>
    public LodgingState? Lodging { get; init; }

    /// <summary>
    /// On a tombstone: the application had been lodged. The one thing of its lodging a tombstone
    /// keeps, so that a purge run again still deletes the récépissé and the scans; read by Retention.
    /// </summary>
    public bool PurgedAfterLodging { get; init; }

    /// <summary>What the instructing service reported, in order (after the lodging).</summary>
    public IReadOnlyList<StatusEvent> History { get; init; } = [];

    /// <summary>Messages sent once for this pre-application, by stable message id (see <see cref="OutgoingMessages"/>).</summary>
    public IReadOnlyDictionary<string, Dispatch> Dispatches { get; init; } = new Dictionary<string, Dispatch>(StringComparer.Ordinal);

    /// <summary>The appointments booking tools declared for this number.</summary>
    public IReadOnlyList<Appointment> Appointments { get; init; } = [];

    public string Number => Document.Number;

    /// <summary>The form as it stands: corrected if it was, else as submitted.</summary>
    public PreApplicationForm Form => Corrected?.Form ?? Document.Form;

    public Fee Fee => Corrected?.Fee ?? Document.Fee;

    /// <summary>The status a client sees at <paramref name="now"/> (<see cref="Lifecycle.StatusAt"/>: an unused pre-application past its expiry date is expired).</summary>
    public PreApplicationStatus StatusAt(DateTimeOffset now) => Lifecycle.StatusAt(Status, Document.ExpiresAt, now);

    /// <summary>
    /// A strong HTTP entity tag for this version (<c>If-Match</c> compares strong tags only,
    /// and the table's own ETag is weak): derived from the table ETag, so any change of the
    /// entity changes it.
    /// </summary>
    public string Version => $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ETag.ToString())))[..24]}\"";
}

/// <summary>A change made at the mairie to one field of the form: who, where, when, before and after (JSON values; absent when the field was absent).</summary>
public sealed record Correction(string Field, System.Text.Json.Nodes.JsonNode? Before, System.Text.Json.Nodes.JsonNode? After, string By, string Mairie, DateTimeOffset At);

/// <summary>The corrected form, its fee (a corrected birth date can change it) and every correction in order.</summary>
public sealed record CorrectedForm(PreApplicationForm Form, Fee Fee, IReadOnlyList<Correction> Corrections);

/// <summary>
/// The application lodged at a mairie: which documents are expected, which are archived (by
/// document kind), which files were rejected. Its dossier message is one of the
/// <see cref="PreApplicationRecord.Dispatches"/>.
/// </summary>
public sealed record LodgingState(string Mairie, string ClientId, DateTimeOffset At, IReadOnlyList<RequiredDocument> Expected)
{
    public IReadOnlyDictionary<string, ArchivedScan> Archived { get; init; } = new Dictionary<string, ArchivedScan>(StringComparer.Ordinal);

    public IReadOnlyList<RejectedScan> Rejected { get; init; } = [];

    public bool Complete => Expected.All(d => Archived.ContainsKey(d.Kind));
}

public sealed record ArchivedScan(string Blob, string Sha256, long Bytes, string ContentType, DateTimeOffset At)
{
    /// <summary>For a proof of address: its 2D-Doc checked before it was recorded; null for other documents.</summary>
    public ProofCheck? Proof { get; init; }

    /// <summary>Every archived scan that carries a proof check, by document kind, in the order expected.</summary>
    public static IReadOnlyList<ProofView>? ProofsOf(LodgingState? lodging)
    {
        var proofs = lodging?.Expected
            .Where(d => lodging.Archived.TryGetValue(d.Kind, out var scan) && scan.Proof is not null)
            .Select(d => lodging.Archived[d.Kind] is var scan ? new ProofView(d.Kind, scan.Sha256, scan.At, scan.Proof!) : null!)
            .ToArray();
        return proofs is { Length: > 0 } ? proofs : null;
    }
}

/// <summary>The check of an archived proof of address, as the mairie and the préfecture read it: the document's kind, its SHA-256, when it was archived, and the outcome.</summary>
public sealed record ProofView(string Kind, string Sha256, DateTimeOffset ArchivedAt, ProofCheck Check);

public sealed record RejectedScan(string File, string Reason, string Sha256, string Quarantine, DateTimeOffset At);

/// <summary>One progress event of the instruction: its type, the status it led to, when, from which client, why (refusal), and the caller's own id.</summary>
public sealed record StatusEvent(LifecycleEvent Type, PreApplicationStatus Status, DateTimeOffset At, string ClientId, string? Reason, string? EventId);

/// <summary>The state of a message sent once: claimed by a run (<see cref="Claim"/>, <see cref="ClaimedAt"/>), then sent.</summary>
public sealed record Dispatch(string Queue, string Claim, DateTimeOffset ClaimedAt, DateTimeOffset? SentAt);

/// <summary>An appointment a booking tool declared for a pre-application number.</summary>
public sealed record Appointment(string ManagementUrl, string MeetingPointId, string MeetingPoint, DateTimeOffset AppointmentDate, string ClientId, DateTimeOffset DeclaredAt);
