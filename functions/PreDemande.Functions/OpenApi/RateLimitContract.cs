using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using PreDemande.Functions.Security;

namespace PreDemande.Functions.OpenApi;

/// <summary>
/// The rate limits in the document: the 429 of every operation a client calls, with the limit of
/// each role that may call it (as configured), <c>Retry-After</c>, and the <c>RateLimit-Policy</c>
/// and <c>RateLimit</c> fields (IETF draft-ietf-httpapi-ratelimit-headers) on every answer past
/// authentication (a 401 or 403 is answered before the client's bucket).
/// </summary>
public static class RateLimitContract
{
    private const string PolicyHeader = "RateLimit-Policy";
    private const string StateHeader = "RateLimit";

    public static void Describe(OpenApiOperation operation, IReadOnlyList<string> policies, IOpenApiSchema problem, OpenApiOperationTransformerContext context)
    {
        var document = context.Document ?? throw new InvalidOperationException("The operation transformer runs without its document.");
        var limits = context.ApplicationServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        var roles = policies.SelectMany(RolesOf).Distinct().ToArray();
        operation.Responses ??= new OpenApiResponses();
        operation.Responses.TryAdd("429", new OpenApiResponse
        {
            Description = "Limite de requêtes du client dépassée : réessayer après Retry-After secondes. Limite par client et par instance de l'application (docs/capacity.md) : "
                + string.Join(" ; ", roles.Select(role => Text(role, limits.For(role)))) + ".",
            Headers = new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal)
            {
                ["Retry-After"] = new OpenApiHeader { Required = true, Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" }, Description = "Secondes avant de réessayer." },
            },
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { ["application/problem+json"] = new OpenApiMediaType { Schema = problem } },
        });

        Components(document, limits);
        foreach (var (status, response) in operation.Responses)
        {
            if (status is not ("401" or "403") && response is OpenApiResponse answer)
            {
                answer.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
                answer.Headers[PolicyHeader] = new OpenApiHeaderReference(PolicyHeader, document);
                answer.Headers[StateHeader] = new OpenApiHeaderReference(StateHeader, document);
            }
        }
    }

    private static string Text(ClientRole role, RateLimit limit) =>
        $"{role} {limit.PermitsPerSecond} requêtes/s en moyenne, {limit.Burst} d'un coup ({PolicyHeader}: {ClientRateLimiter.Policy(role, limit)})";

    private static void Components(OpenApiDocument document, RateLimitOptions limits)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
        document.Components.Headers.TryAdd(PolicyHeader, new OpenApiHeader
        {
            Description = "Le seau du client (brouillon IETF draft-ietf-httpapi-ratelimit-headers) : q requêtes d'un coup, de nouveau disponibles en w secondes. Par client et par instance de l'application.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^\"[a-z]+\";q=[0-9]+;w=[0-9]+$" },
            Example = ClientRateLimiter.Policy(ClientRole.Booking, limits.Booking),
        });
        document.Components.Headers.TryAdd(StateHeader, new OpenApiHeader
        {
            Description = "Ce qui reste au client dans son seau après cette requête : r requêtes, plein de nouveau dans t secondes.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^\"[a-z]+\";r=[0-9]+;t=[0-9]+$" },
            Example = ClientRateLimiter.Remaining(ClientRole.Booking, limits.Booking, limits.Booking.Capacity - 1),
        });
    }

    private static IEnumerable<ClientRole> RolesOf(string policy) => policy switch
    {
        Policies.PortalOrMairie => [ClientRole.Portal, ClientRole.Mairie],
        _ => [Enum.Parse<ClientRole>(policy)],
    };
}
