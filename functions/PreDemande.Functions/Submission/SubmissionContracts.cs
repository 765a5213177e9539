using System.Text.Json.Serialization;
using PreDemande.Core.Fees;
using PreDemande.Core.Forms;
using PreDemande.Core.Numbers;
using PreDemande.Functions.PreApplications;

namespace PreDemande.Functions.Submission;

public sealed record FeeView(int AmountEur, string Detail, bool TaxStampRequired)
{
    public static FeeView From(Fee fee) => new(fee.AmountEur, fee.Detail, fee.TaxStampRequired);
}

/// <summary>Answer of <c>POST /api/predemandes</c> (contract: shared api.md).</summary>
public sealed record SubmitResponse(
    string Number,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    FeeView Fee,
    string RecapUrl,
    string QrPayload)
{
    public static SubmitResponse From(PreApplicationDocument document) => new(
        document.Number,
        PreApplicationStatus.Submitted,
        document.CreatedAt,
        document.ExpiresAt,
        FeeView.From(document.Fee),
        Routes.Recap(document.Number),
        document.Number);
}

/// <summary>
/// A pre-application as stored, with its status: the answer of <c>GET /api/predemandes/{number}</c>
/// and, with its corrections and ETag, of the mairie's <c>GET /api/dr/predemandes/{number}</c>.
/// </summary>
public sealed record PreApplicationView(
    string Number,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    FeeView Fee,
    string RecapUrl,
    string NumberForReading,
    PreApplicationForm Form)
{
    /// <summary>Corrections made at the mairie (mairie view only; <see cref="Form"/> is then the corrected form).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Correction>? Corrections { get; init; }

    /// <summary>The form as submitted, when it was corrected since (mairie view only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PreApplicationForm? OriginalForm { get; init; }

    /// <summary>The appointments booking tools declared for this number: where the applicant booked (mairie view only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Booking.BookedAppointment>? Appointments { get; init; }

    /// <summary>The version to send back in <c>If-Match</c> (mairie view only).</summary>
    [JsonPropertyName("etag")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ETag { get; init; }

    public static PreApplicationView From(PreApplicationDocument document, string status) => new(
        document.Number,
        status,
        document.CreatedAt,
        document.ExpiresAt,
        FeeView.From(document.Fee),
        Routes.Recap(document.Number),
        PreApplicationNumber.Grouped(document.Number),
        document.Form);

    /// <summary>The mairie's view: the form as corrected, the corrections, the original form if it changed, the version.</summary>
    public static PreApplicationView ForMairie(PreApplicationRecord record, string status) => From(record.Document, status) with
    {
        Form = record.Form,
        Fee = FeeView.From(record.Fee),
        Corrections = record.Corrected?.Corrections ?? [],
        OriginalForm = record.Corrected is null ? null : record.Document.Form,
        ETag = record.Version,
    };
}

public static class Routes
{
    public static string PreApplication(string number) => $"/api/predemandes/{number}";

    public static string Recap(string number) => $"/api/predemandes/{number}/recap";
}
