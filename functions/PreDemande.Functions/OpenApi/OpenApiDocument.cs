using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.Booking;
using PreDemande.Functions.Http;
using PreDemande.Functions.Security;

namespace PreDemande.Functions.OpenApi;

/// <summary>
/// The OpenAPI 3.1 document, generated from the endpoints: served anonymously as
/// <c>GET /api/openapi.json</c> and committed as docs/openapi.json (a test keeps them equal).
/// Adds what the endpoints cannot say themselves: the security schemes and who may call each
/// operation, the 401/403 answers, the servers, and an example of each request and success answer.
/// </summary>
public static class OpenApiDocumentSetup
{
    public const string Route = "/api/openapi.json";
    public const string FunctionName = "OpenApiDocument";

    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Exploitation"] = "Santé de l'application et de son stockage, sans clé.",
        ["Azure Communication Services"] = "Accusés de réception des SMS et e-mails, appelés par Event Grid.",
        ["Portail"] = "Le portail citoyen : pré-demandes, brouillons, espace de l'usager, récapitulatif.",
        ["Mairie (DR)"] = "Le dispositif de recueil des mairies : lecture, correction, recherche, dépôt, récépissé (audités).",
        ["Préfecture (CERT)"] = "Le centre d'instruction : lecture du dossier déposé et événements de l'instruction.",
        ["Outils de rendez-vous"] = "Les outils de prise de rendez-vous, comme l'API de coordination de l'ANTS.",
    };

    public static IServiceCollection AddPreDemandeOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            // A header bound to a parsable type under another name than its parameter's is described
            // from the type's JSON contract, not as a string (dotnet/aspnetcore#61122): the account
            // header's schema stays inline, and OperationContract replaces it; no component.
            options.CreateSchemaReferenceId = type => type.Type == typeof(PreApplications.ApplicantAccount) ? null : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "PreDemande",
                    Version = "1",
                    Description = "Pré-demande de passeport et de carte nationale d'identité : portail citoyen, dispositif de recueil des mairies, préfecture / CERT, outils de prise de rendez-vous (API de coordination de l'ANTS). Erreurs : RFC 9457 application/problem+json, types urn:predemande:problem:*.",
                };
                document.Servers =
                [
                    new OpenApiServer { Url = "http://127.0.0.1:7071", Description = "Poste de développement : scripts/dev.sh." },
                    new OpenApiServer
                    {
                        Url = "https://{app}.azurewebsites.net",
                        Description = "Azure : l'application de fonctions de l'environnement (sortie AZURE_FUNCTION_APP_NAME d'azd).",
                        Variables = new Dictionary<string, OpenApiServerVariable>(StringComparer.Ordinal)
                        {
                            ["app"] = new OpenApiServerVariable { Default = "func-predemande", Description = "Nom de l'application de fonctions : func-predemande-<suffixe>." },
                        },
                    },
                ];
                document.Components ??= new OpenApiComponents();
                FormComponents(document);
                PartnerSchemas.AddComponents(document);
                foreach (var tag in document.Tags?.AsEnumerable() ?? [])
                {
                    tag.Description ??= tag.Name is { } tagName && TagDescriptions.TryGetValue(tagName, out var text) ? text : null;
                }

                document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal)
                {
                    [Schemes.ApiKey] = new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = ApiKeyAuthentication.ApiKeyHeader, Description = "Clé d'API du client (portail, mairie, préfecture)." },
                    [Schemes.BookingToken] = new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = ApiKeyAuthentication.BookingHeader, Description = "Jeton des outils de prise de rendez-vous, comme l'API de coordination de l'ANTS." },
                    [Schemes.Bearer] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT", Description = "Jeton Entra ID pour l'API, avec un rôle d'application : Portal, Mairie, Prefecture ou Booking." },
                };
                UnusedComponents.Remove(document);
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer((schema, context, _) =>
            {
                BodySchemas.Describe(schema, context.JsonTypeInfo.Type);
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(async (operation, context, cancellationToken) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                var name = metadata.OfType<FunctionName>().FirstOrDefault()?.Name;
                OperationContract.DescribeParameters(operation, name, ApplicantAccountFilter.RequiresApplicantAccount(metadata));
                if (OperationContract.HasRouteNumber(operation))
                {
                    operation.Responses ??= new OpenApiResponses();
                    operation.Responses.TryAdd("400", Answer("Requête invalide (numéro mal formé, champ par champ dans errors).", "application/problem+json", await ComponentAsync(context, typeof(Microsoft.AspNetCore.Http.HttpValidationProblemDetails), cancellationToken)));
                }

                if (metadata.OfType<JsonBodyLimits>().FirstOrDefault() is { BodyType: { } bodyType } limits)
                {
                    operation.RequestBody = new OpenApiRequestBody
                    {
                        Required = !limits.Optional,
                        Description = $"JSON ({limits.MediaType}), au plus {limits.MaxBytes} octets.",
                        Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                        {
                            [limits.MediaType] = new OpenApiMediaType
                            {
                                Schema = limits.SchemaName is { } schemaName
                                    ? new OpenApiSchemaReference(schemaName, context.Document)
                                    : await ComponentAsync(context, bodyType, cancellationToken),
                            },
                        },
                    };
                }

                PartnerSchemas.Describe(operation, name, context.Document!);
                OperationExamples.Apply(operation, name);
                if (metadata.OfType<IAllowAnonymous>().Any())
                {
                    // Said, not left out: no credentials at all.
                    operation.Security = [];
                    return;
                }

                var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToArray();
                if (policies.Length == 0)
                {
                    return;
                }

                var keyScheme = policies.Contains(Policies.Booking) ? Schemes.BookingToken : Schemes.ApiKey;
                operation.Security =
                [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(keyScheme, context.Document)] = [] },
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Schemes.Bearer, context.Document)] = [] },
                ];
                operation.Description = $"{operation.Description}{(operation.Description is null ? null : "\n\n")}Rôle : {string.Join(" ou ", policies.Select(RolesOf))}.";
                var problem = await ComponentAsync(context, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), cancellationToken);
                operation.Responses ??= new OpenApiResponses();
                operation.Responses.TryAdd("401", keyScheme == Schemes.BookingToken
                    ? Answer("Jeton absent ou inconnu : la réponse exacte de l'API de l'ANTS.", "application/json", await ComponentAsync(context, typeof(BookingUnauthorized), cancellationToken))
                    : Answer("Clé ou jeton absent, inconnu ou expiré.", "application/problem+json", problem));
                operation.Responses.TryAdd("403", Answer("Client connu, mais son rôle ou son périmètre ne permet pas cette opération.", "application/problem+json", problem));
                RateLimitContract.Describe(operation, policies, problem, context);
            });
        });

    // The form's schemas come from the validator's rules, not from its all-nullable binding type.
    private static void FormComponents(OpenApiDocument document)
    {
        document.Components!.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        document.Components.Schemas[FormSchemas.Form] = FormSchemas.Strict();
        document.Components.Schemas[FormSchemas.Draft] = FormSchemas.Lenient();
        document.Components.Schemas[FormSchemas.Patch] = FormSchemas.MergePatch();
        document.Components.Schemas[Corrections.CorrectionEndpoints.BodySchemaName] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "Corps d'une correction (application/merge-patch+json) : seul « form » peut être corrigé.",
            Required = new HashSet<string>(StringComparer.Ordinal) { "form" },
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal) { ["form"] = new OpenApiSchemaReference(FormSchemas.Patch, document) },
            AdditionalPropertiesAllowed = false,
        };
        if (document.Components.Schemas.TryGetValue(nameof(Drafts.DraftView), out var view) && view is OpenApiSchema { Properties: { } properties })
        {
            properties["form"] = new OpenApiSchemaReference(FormSchemas.Draft, document);
        }
    }

    private static string RolesOf(string policy) => policy == Policies.PortalOrMairie ? $"{Policies.Portal} ou {Policies.Mairie}" : policy;

    private static OpenApiResponse Answer(string description, string mediaType, IOpenApiSchema schema) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { [mediaType] = new OpenApiMediaType { Schema = schema } },
    };

    // A type's schema as a component of the document, referenced by its type name.
    private static async Task<IOpenApiSchema> ComponentAsync(OpenApiOperationTransformerContext context, Type type, CancellationToken cancellationToken)
    {
        var document = context.Document ?? throw new InvalidOperationException("The operation transformer runs without its document.");
        if (document.Components?.Schemas?.ContainsKey(type.Name) != true)
        {
            document.AddComponent(type.Name, await context.GetOrCreateSchemaAsync(type, cancellationToken: cancellationToken));
        }

        return new OpenApiSchemaReference(type.Name, document);
    }
}
