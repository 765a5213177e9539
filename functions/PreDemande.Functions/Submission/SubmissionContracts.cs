using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using PreDemande.Core.Documents;
using PreDemande.Core.Fees;
using PreDemande.Core.Forms;
using PreDemande.Core.Numbers;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Problems;
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

    /// <summary>What to bring to the mairie, as the recap lists it: judged on the submission day, with the COMEDEC list in force.</summary>
    public IReadOnlyList<DocumentToBring> Documents { get; init; } = [];

    public static PreApplicationView From(PreApplicationDocument document, PreApplicationStatus status) => new(
        document.Number,
        status,
        document.CreatedAt,
        document.ExpiresAt,
        FeeView.From(document.Fee),
        Routes.Recap(document.Number),
        PreApplicationNumber.Grouped(document.Number),
        document.Form);

    public static PreApplicationView From(PreApplicationRecord record, PreApplicationStatus status, ComedecCommunes? comedec = null) =>
        From(record.Document, status) with { Stages = Progress.Of(record, status), Documents = DocumentToBring.For(record.Document, comedec) };
}

/// <summary>A document the applicant brings to the mairie: <c>kind</c> as the deposit names it, <c>label</c> the applicant's wording (French).</summary>
public sealed record DocumentToBring(string Kind, string Label)
{
    /// <summary>The recap's list (<see cref="RequiredDocuments"/>), on the submission day and at the age on that day.</summary>
    public static IReadOnlyList<DocumentToBring> For(PreApplicationDocument document, ComedecCommunes? comedec)
    {
        var day = Http.FrenchClock.DateOf(document.CreatedAt);
        return document.Form.ApplicantAgeOn(day) is { } age
            ? RequiredDocuments.For(document.Form, age, document.Fee, day, comedec).Where(d => d.BroughtByApplicant).Select(d => new DocumentToBring(d.Kind, d.Label)).ToArray()
            : [];
    }
}

/// <summary>The answer of a submission, from the portal's form or from a draft.</summary>
public static class SubmitAnswers
{
    /// <summary>201 with the pre-application (<c>Idempotent-Replayed: true</c> when it is the first answer again), or the problem of a refusal.</summary>
    public static Results<Created<SubmitResponse>, ValidationProblem, ProblemHttpResult> ToResult(this SubmitOutcome outcome, HttpResponse response)
    {
        switch (outcome)
        {
            case SubmitOutcome.InvalidKey invalid:
                return ProblemResults.Field("Idempotency-Key", $"Au plus {invalid.MaxLength} caractères ASCII imprimables.", "En-tête Idempotency-Key invalide.");
            case SubmitOutcome.InvalidForm invalid:
                return ProblemResults.Validation(invalid.Errors);
            case SubmitOutcome.KeyReused:
                return ProblemResults.IdempotencyMismatch();
            case SubmitOutcome.Created created:
                if (created.Replayed)
                {
                    response.Headers["Idempotent-Replayed"] = "true";
                }

                var answer = SubmitResponse.From(created.Document);
                return TypedResults.Created(Routes.PreApplication(answer.Number), answer);
            default:
                throw new InvalidOperationException($"Unknown submission outcome {outcome.GetType().Name}.");
        }
    }
}
