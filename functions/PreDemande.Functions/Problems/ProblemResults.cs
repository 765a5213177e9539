using Microsoft.AspNetCore.Http.HttpResults;

namespace PreDemande.Functions.Problems;

/// <summary>
/// RFC 9457 problem responses with stable types (<c>urn:predemande:problem:*</c>) and French
/// titles. Documented in docs/api-notes.md.
/// </summary>
public static class ProblemResults
{
    public const string TypePrefix = "urn:predemande:problem:";

    public static ValidationProblem Validation(IDictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.ValidationProblem(
            errors,
            detail: detail ?? "Certains champs sont invalides : voir errors.",
            title: "Données invalides",
            type: TypePrefix + "validation");

    /// <summary>One field wrong: a validation problem naming it.</summary>
    public static ValidationProblem Field(string field, string message, string? detail = null) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] }, detail);

    /// <summary>The applicant's account header (<paramref name="header"/>, at most <paramref name="maxLength"/> characters) malformed, or missing where the operation needs an account.</summary>
    public static ValidationProblem InvalidAccount(string header, int maxLength) =>
        Field(header, $"L'identifiant du compte : 1 à {maxLength} caractères ASCII imprimables, sans espace.", "Compte manquant ou invalide.");

    public static ProblemHttpResult Unauthorized(string detail) => Problem(StatusCodes.Status401Unauthorized, "unauthorized", "Authentification requise", detail);

    public static ProblemHttpResult Forbidden(string detail) => Problem(StatusCodes.Status403Forbidden, "forbidden", "Accès refusé", detail);

    public static ProblemHttpResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "not-found", "Introuvable", detail);

    public static ProblemHttpResult UnsupportedMediaType(string detail) => Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Type de contenu non pris en charge", detail);

    public static ProblemHttpResult PayloadTooLarge(long limit) => Problem(StatusCodes.Status413PayloadTooLarge, "payload-too-large", "Requête trop volumineuse", $"Le corps de la requête dépasse {limit} octets.");

    public static ProblemHttpResult IdempotencyMismatch() => Problem(StatusCodes.Status422UnprocessableEntity, "idempotency-key-reused", "Clé d'idempotence déjà utilisée", "Cette clé Idempotency-Key a déjà servi pour une autre pré-demande : utiliser une nouvelle clé.");

    public static ProblemHttpResult PreconditionRequired() => Problem(StatusCodes.Status428PreconditionRequired, "precondition-required", "En-tête If-Match requis", "Envoyer dans If-Match l'ETag reçu à la lecture de la pré-demande : la correction s'applique à la version lue.");

    public static ProblemHttpResult PreconditionFailed(string detail) => Problem(StatusCodes.Status412PreconditionFailed, "stale", "Version périmée", detail);

    /// <summary>No pre-application has this number (or none the caller may see); <paramref name="advice"/> follows it, for example what to check.</summary>
    public static ProblemHttpResult UnknownNumber(string number, string? advice = null) =>
        NotFound($"Aucune pré-demande n'a le numéro {number}{(advice is null ? "." : $" : {advice}")}");

    /// <summary>A pre-application already lodged at a mairie: what the caller asked can no longer be done; <paramref name="detail"/> says why, or where and when.</summary>
    public static ProblemHttpResult AlreadyLodged(string detail) => Problem(StatusCodes.Status409Conflict, "already-lodged", "Pré-demande déjà déposée", detail);

    /// <summary>A pre-application whose personal data was deleted at the end of its retention.</summary>
    public static ProblemHttpResult Purged(string number) => Problem(StatusCodes.Status410Gone, "purged", "Pré-demande effacée", $"Les données de la pré-demande {number} ont été effacées à la fin de leur durée de conservation.");

    public static ProblemHttpResult Problem(int status, string type, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: TypePrefix + type);
}
