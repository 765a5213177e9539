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

    /// <summary>What the mairie may do with the pre-application (null: none has that number) at <paramref name="now"/>.</summary>
    public static MairieAccess Check(PreApplicationRecord? record, ClientIdentity client, DateTimeOffset now)
    {
        if (record is null)
        {
            return new(NotFound, null, null);
        }

        var status = record.StatusAt(now);
        var outcome = Lifecycle.PhaseOf(status) switch
        {
            LifecyclePhase.AwaitingMairie => Granted,
            // Lodged: only the mairie that lodged it may read it again.
            LifecyclePhase.Lodged => record.Lodging?.Mairie == client.Scope ? Granted : LodgedElsewhere,
            LifecyclePhase.Lapsed or LifecyclePhase.Purged => Expired,
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
        LodgedElsewhere => ProblemResults.AlreadyLodged($"La pré-demande {number} a déjà servi à un dépôt à la mairie {Record!.Lodging?.Mairie} le {Record.Lodging?.At:yyyy-MM-dd HH:mm} (UTC)."),
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
