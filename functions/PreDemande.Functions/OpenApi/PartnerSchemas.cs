using Microsoft.OpenApi;

namespace PreDemande.Functions.OpenApi;

/// <summary>
/// The bodies other systems define, which the app reads or writes as JSON nodes: the Event Grid
/// events of the delivery reports, and the ANTS hub's error answers (FastAPI's shapes).
/// </summary>
internal static class PartnerSchemas
{
    public const string EventGridEvent = "EventGridEvent";
    public const string AntsError = "AntsError";
    public const string AntsValidationError = "AntsValidationError";

    private const string DeliveryReports = "DeliveryReports";
    private const string UntypedNode = "JsonObject";

    public static void AddComponents(OpenApiDocument document)
    {
        var schemas = document.Components!.Schemas!;
        schemas[EventGridEvent] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "Un événement Event Grid (schéma Event Grid) : la poignée de main Microsoft.EventGrid.SubscriptionValidationEvent, Microsoft.Communication.SMSDeliveryReportReceived ou EmailDeliveryReportReceived ; les autres types sont ignorés.",
            Properties = Members(
                ("id", Text()),
                ("topic", Text()),
                ("subject", Text()),
                ("eventType", Text()),
                ("eventTime", Text()),
                ("dataVersion", Text()),
                ("metadataVersion", Text()),
                ("data", new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "Selon eventType : validationCode (poignée de main) ; messageId et deliveryStatus (SMS) ; messageId et status (e-mail).",
                    Properties = Members(("validationCode", Text()), ("messageId", Text()), ("deliveryStatus", Text()), ("status", Text())),
                })),
        };
        schemas[AntsError] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "Refus de l'API de coordination de l'ANTS : un message.",
            Required = new HashSet<string>(StringComparer.Ordinal) { "detail" },
            Properties = Members(("detail", Text())),
        };
        schemas[AntsValidationError] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "Paramètres invalides, comme l'API de coordination de l'ANTS (FastAPI) les décrit.",
            Required = new HashSet<string>(StringComparer.Ordinal) { "detail" },
            Properties = Members(("detail", new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Items = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string>(StringComparer.Ordinal) { "loc", "msg", "type" },
                    Properties = Members(
                        // ["query", parameter] or ["query", parameter, index]: texts and a position, as FastAPI gives them.
                        ("loc", new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { OneOf = [Text(), new OpenApiSchema { Type = JsonSchemaType.Integer }] } }),
                        ("msg", Text()),
                        ("type", Text()),
                        ("ctx", new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Properties = Members(("limit_value", new OpenApiSchema { Type = JsonSchemaType.Integer }), ("pattern", Text())),
                        })),
                },
            })),
        };
    }

    /// <summary>The Event Grid body of the delivery reports; the ANTS errors where the endpoint declares a JSON node.</summary>
    public static void Describe(OpenApiOperation operation, string? name, OpenApiDocument document)
    {
        if (name == DeliveryReports)
        {
            foreach (var media in operation.RequestBody?.Content?.Values ?? [])
            {
                media.Schema = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchemaReference(EventGridEvent, document) };
            }
        }

        foreach (var (status, response) in operation.Responses ?? [])
        {
            foreach (var media in response.Content?.Values ?? [])
            {
                if (media.Schema is OpenApiSchemaReference { Reference.Id: UntypedNode })
                {
                    media.Schema = new OpenApiSchemaReference(status == "422" ? AntsValidationError : AntsError, document);
                }
            }
        }
    }

    private static OpenApiSchema Text() => new() { Type = JsonSchemaType.String };

    private static Dictionary<string, IOpenApiSchema> Members(params (string Name, IOpenApiSchema Schema)[] members) =>
        members.ToDictionary(m => m.Name, m => m.Schema, StringComparer.Ordinal);
}
