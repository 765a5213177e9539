using PreDemande.Core.Forms;
using PreDemande.Core.Numbers;

namespace PreDemande.Functions.Submission;

public sealed record FeeView(int AmountEur, string Detail, bool TaxStampRequired);

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
        new FeeView(document.Fee.AmountEur, document.Fee.Detail, document.Fee.TaxStampRequired),
        Routes.Recap(document.Number),
        document.Number);
}

/// <summary>Answer of <c>GET /api/predemandes/{number}</c>: the pre-application as stored, with its status.</summary>
public sealed record PreApplicationView(
    string Number,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    FeeView Fee,
    string RecapUrl,
    string NumberForReading,
    PreApplicationForm Form);

public static class Routes
{
    public static string PreApplication(string number) => $"/api/predemandes/{number}";

    public static string Recap(string number) => $"/api/predemandes/{number}/recap";

    public static string Grouped(string number) => PreApplicationNumber.Grouped(number);
}
