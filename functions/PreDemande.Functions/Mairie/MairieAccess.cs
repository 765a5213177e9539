using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Problems;
using PreDemande.Functions.Security;
using PreDemande.Core.Lifecycle;

namespace PreDemande.Functions.Mairie;

/// <summary>
/// What a mairie may do with a pre-application it asks for, the same for lookup, correction and
/// deposit: granted, or refused as unknown, expired or lodged at another mairie.
/// <see cref="Outcome"/> is what the audit log records.
/// </summary>
public sealed record MairieAccess(string Outcome, PreApplicationRecord? Record, PreApplicationStatus? Status)
{
    public const string Granted = "read";
    public const string NotFound = "notFound";
    public const string Expired = "expired";
    public const string LodgedElsewhere = "lodgedElsewhere";

    public bool IsGranted => Outcome == Granted;

    /// <summary>Reads the pre-application and tells what the mairie may do with it.</summary>
    public static async Task<MairieAccess> ReadAsync(PreApplicationStore store, string number, ClientIdentity client, CancellationToken cancellationToken) =>
        Check(await store.GetAsync(number, cancellationToken), store, client);

    public static MairieAccess Check(PreApplicationRecord? record, PreApplicationStore store, ClientIdentity client)
    {
        if (record is null)
        {
            return new(NotFound, null, null);
        }

        var status = store.EffectiveStatus(record);
        var outcome = status switch
        {
            PreApplicationStatus.Expired or PreApplicationStatus.Purged => Expired,
            PreApplicationStatus.Submitted or PreApplicationStatus.RecapReady => Granted,
            // Lodged: only the mairie that lodged it may read it again.
            PreApplicationStatus.Consumed or PreApplicationStatus.UnderInstruction or PreApplicationStatus.InProduction
                or PreApplicationStatus.Available or PreApplicationStatus.HandedOver or PreApplicationStatus.Refused
                or PreApplicationStatus.Destroyed => record.LodgedBy == client.Scope ? Granted : LodgedElsewhere,
        };
        return new(outcome, record, status);
    }

    /// <summary>The answer to a refused access: 404, 410, or 409 saying where and when it was lodged.</summary>
    public Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Problem(string number) => Outcome switch
    {
        NotFound => ProblemResults.UnknownNumber(number, "vérifier la saisie."),
        Expired => ProblemResults.Problem(
            StatusCodes.Status410Gone,
            "expired",
            "Pré-demande expirée",
            $"La pré-demande {number} a expiré le {Record!.Document.ExpiresAt:yyyy-MM-dd} : une nouvelle pré-demande est nécessaire."),
        LodgedElsewhere => ProblemResults.AlreadyLodged($"La pré-demande {number} a déjà servi à un dépôt à la mairie {Record!.LodgedBy} le {Record.LodgedAt:yyyy-MM-dd HH:mm} (UTC)."),
        _ => throw new InvalidOperationException("A granted access has no problem to answer."),
    };
}

public static class MairieAccessEndpoints
{
    /// <summary>Declares the answers of a refused <see cref="MairieAccess"/>: 404, 409 (lodged elsewhere), 410.</summary>
    public static RouteHandlerBuilder ProducesAccessProblems(this RouteHandlerBuilder builder) =>
        builder
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone);
}
