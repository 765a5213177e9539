using System.Text.Json.Serialization;
using PreDemande.Core.Fees;
using PreDemande.Core.Forms;
using PreDemande.Core.Numbers;
using PreDemande.Functions.PreApplications;
using PreDemande.Core.Lifecycle;

namespace PreDemande.Functions.Submission;

/// <summary>Answer of <c>POST /api/predemandes</c> (contract: shared api.md).</summary>
public sealed record SubmitResponse(
    string Number,
    PreApplicationStatus Status,
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

/// <summary>A pre-application as its applicant sees it: the answer of <c>GET /api/predemandes/{number}</c>, with the stages it went through.</summary>
public sealed record PreApplicationView(
    string Number,
    PreApplicationStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    FeeView Fee,
    string RecapUrl,
    string NumberForReading,
    PreApplicationForm Form)
{
    /// <summary>Oldest first (<see cref="Progress"/>).</summary>
    public IReadOnlyList<Stage> Stages { get; init; } = [];

    public static PreApplicationView From(PreApplicationDocument document, PreApplicationStatus status) => new(
        document.Number,
        status,
        document.CreatedAt,
        document.ExpiresAt,
        FeeView.From(document.Fee),
        Routes.Recap(document.Number),
        PreApplicationNumber.Grouped(document.Number),
        document.Form);

    public static PreApplicationView From(PreApplicationRecord record, PreApplicationStatus status) =>
        From(record.Document, status) with { Stages = Progress.Of(record, status) };
}
