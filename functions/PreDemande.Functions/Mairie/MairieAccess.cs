using PreDemande.Core.Forms;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Problems;
using PreDemande.Functions.Security;

namespace PreDemande.Functions.Mairie;

/// <summary>
/// What a mairie may do with a pre-application it asks for, the same for lookup, correction and
/// deposit: unknown 404, expired 410, lodged at another mairie 409 saying where and when.
/// <see cref="Outcome"/> is what the audit log records.
/// </summary>
public sealed record MairieAccess(string Outcome, PreApplicationRecord? Record, string? Status, IResult? Problem)
{
    public const string Granted = "read";

    public bool IsGranted => Problem is null;

    /// <summary>Reads the pre-application and tells what the mairie may do with it.</summary>
    public static async Task<MairieAccess> ReadAsync(PreApplicationStore store, string number, ClientIdentity client, CancellationToken cancellationToken) =>
        Check(number, await store.GetAsync(number, cancellationToken), store, client);

    public static MairieAccess Check(string number, PreApplicationRecord? record, PreApplicationStore store, ClientIdentity client)
    {
        if (record is null)
        {
            return new("notFound", null, null, ProblemResults.NotFound($"Aucune pré-demande n'a le numéro {number} : vérifier la saisie."));
        }

        var status = store.EffectiveStatus(record);
        if (status is PreApplicationStatus.Expired or PreApplicationStatus.Purged)
        {
            return new("expired", record, status, ProblemResults.Problem(
                StatusCodes.Status410Gone,
                "expired",
                "Pré-demande expirée",
                $"La pré-demande {number} a expiré le {record.Document.ExpiresAt:yyyy-MM-dd} : une nouvelle pré-demande est nécessaire."));
        }

        if (record.LodgedBy is { } lodgedBy && lodgedBy != client.Scope)
        {
            return new("lodgedElsewhere", record, status, ProblemResults.Problem(
                StatusCodes.Status409Conflict,
                "already-lodged",
                "Pré-demande déjà utilisée",
                $"La pré-demande {number} a déjà servi à un dépôt à la mairie {lodgedBy} le {record.LodgedAt:yyyy-MM-dd HH:mm} (UTC)."));
        }

        return new(Granted, record, status, null);
    }
}
