using PreDemande.Core.Geography;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Problems;
using PreDemande.Functions.Security;
using PreDemande.Core.Lifecycle;

namespace PreDemande.Functions.Instruction;

/// <summary>
/// What a préfecture (CERT) may do with a pre-application: only one lodged at a mairie of one of
/// its départements. Unknown 404; not lodged yet 409; another département 403.
/// <see cref="Outcome"/> is what the audit log records.
/// </summary>
public sealed record PrefectureAccess(string Outcome, PreApplicationRecord? Record, string? Departement)
{
    public const string Granted = "read";
    public const string NotFound = "notFound";
    public const string NotLodged = "notLodged";
    public const string OutOfScope = "outOfScope";
    public const string Purged = "purged";

    public bool IsGranted => Outcome == Granted;

    public static PrefectureAccess Check(PreApplicationRecord? record, ClientIdentity client)
    {
        if (record is null)
        {
            return new(NotFound, null, null);
        }

        var refused = Lifecycle.PhaseOf(record.Status) switch
        {
            LifecyclePhase.Purged => Purged,
            LifecyclePhase.AwaitingMairie or LifecyclePhase.Lapsed => NotLodged,
            LifecyclePhase.Lodged => record.Lodging is null ? NotLodged : null,
        };
        if (refused is not null)
        {
            return new(refused, record, null);
        }

        var lodging = record.Lodging!;

        var departement = Departements.Of(lodging.Mairie);
        return client.Departements.Contains(departement) ? new(Granted, record, departement) : new(OutOfScope, record, departement);
    }

    public Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Problem(string number) => Outcome switch
    {
        NotFound => ProblemResults.UnknownNumber(number),
        NotLodged => ProblemResults.Problem(
            StatusCodes.Status409Conflict,
            "not-lodged",
            "Pré-demande non déposée",
            $"La pré-demande {number} n'a pas encore été déposée en mairie : il n'y a rien à instruire."),
        Purged => ProblemResults.Purged(number),
        OutOfScope => ProblemResults.Forbidden($"La pré-demande {number} a été déposée dans un département que ce service n'instruit pas ({Departement})."),
        _ => throw new InvalidOperationException("A granted access has no problem to answer."),
    };
}
