using System.Text.Json.Serialization;
using PreDemande.Core.Forms;
using PreDemande.Core.Lifecycle;
using PreDemande.Core.Numbers;
using PreDemande.Functions.Booking;
using PreDemande.Functions.PreApplications;

namespace PreDemande.Functions.Mairie;

/// <summary>
/// A pre-application as the mairie's DR sees it (<c>GET /api/dr/predemandes/{number}</c> and the
/// answer to a correction): the form as corrected, every correction, the form as submitted when
/// it changed, the appointments booking tools declared (lookup only), and the version to send back
/// in <c>If-Match</c>.
/// </summary>
public sealed record MairieView(
    string Number,
    PreApplicationStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    FeeView Fee,
    string RecapUrl,
    string NumberForReading,
    PreApplicationForm Form,
    IReadOnlyList<Correction> Corrections,
    [property: JsonPropertyName("etag")] string ETag)
{
    /// <summary>The form as submitted, when it was corrected since.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PreApplicationForm? OriginalForm { get; init; }

    /// <summary>The appointments booking tools declared for this number: where the applicant booked (lookup only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<BookedAppointment>? Appointments { get; init; }

    /// <summary>Once lodged: the check of each archived proof of address (its 2D-Doc, signature and fields compared with the form).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ProofView>? Proofs { get; init; }

    public static MairieView Of(PreApplicationRecord record, PreApplicationStatus status) => new(
        record.Number,
        status,
        record.Document.CreatedAt,
        record.Document.ExpiresAt,
        FeeView.From(record.Fee),
        Routes.Recap(record.Number),
        PreApplicationNumber.Grouped(record.Number),
        record.Form,
        record.Corrected?.Corrections ?? [],
        record.Version)
    {
        OriginalForm = record.Corrected is null ? null : record.Document.Form,
        Proofs = ArchivedScan.ProofsOf(record.Lodging),
    };
}
