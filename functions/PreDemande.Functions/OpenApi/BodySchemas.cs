using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using PreDemande.Core.Documents;
using PreDemande.Core.Lifecycle;
using PreDemande.Functions.Instruction;
using PreDemande.Functions.Lodging;
using PreDemande.Functions.Mairie;

namespace PreDemande.Functions.OpenApi;

/// <summary>
/// The small request bodies as their checks read them: a record's parameters are not all
/// required (the generator says they are), and their values have closed lists and lengths.
/// Also the instants, which <see cref="Http.UtcInstantConverter"/> writes: the generator, not
/// knowing the converter, gives them a format and no type.
/// </summary>
internal static class BodySchemas
{
    public static void Describe(OpenApiSchema schema, Type type)
    {
        if ((Nullable.GetUnderlyingType(type) ?? type) == typeof(DateTimeOffset))
        {
            schema.Type = type == typeof(DateTimeOffset) ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
            schema.Format = "date-time";
        }
        else if (type == typeof(EventRequest))
        {
            schema.Required = new HashSet<string>(StringComparer.Ordinal) { "type" };
            schema.Properties!["type"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = Lifecycle.InstructionEvents.Select(e => (JsonNode)JsonValue.Create(e.Name())).ToList(),
            };
            schema.Properties["reason"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, MaxLength = StatusEvents.MaxReasonLength, Description = "Obligatoire (non vide) pour refused." };
            schema.Properties["eventId"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Pattern = "^[ -~]+$", MaxLength = StatusEvents.MaxEventIdLength, Description = "Identifiant de l'événement chez le CERT : le même eventId une seconde fois est sans effet." };
            // "reason required when refused": a condition on one object, not a union of two.
            schema.If = new OpenApiSchema
            {
                Required = new HashSet<string>(StringComparer.Ordinal) { "type" },
                Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal) { ["type"] = new OpenApiSchema { Const = "refused" } },
            };
            schema.Then = new OpenApiSchema
            {
                Required = new HashSet<string>(StringComparer.Ordinal) { "reason" },
                Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal) { ["reason"] = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = @"\S" } },
            };
        }
        else if (type == typeof(DepositRequest))
        {
            schema.Required = null;
            schema.Properties!["waived"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array | JsonSchemaType.Null,
                Items = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create(RequiredDocuments.BirthCertificate)] },
                Description = "Documents dont la mairie dispense : l'acte de naissance quand la liste des pièces ne pouvait le savoir (commune reliée à COMEDEC absente de la liste chargée, titre sécurisé non déclaré) ; seul un document attendu et dispensable.",
            };
        }
        else if (type == typeof(PreApplications.Correction))
        {
            // A field's value: null when the field was added (before) or removed (after).
            schema.Properties!["before"] = FieldValue("La valeur avant la correction ; null quand le champ a été ajouté.");
            schema.Properties["after"] = FieldValue("La valeur après la correction ; null quand le champ a été retiré.");
        }
        else if (type == typeof(SearchRequest))
        {
            schema.Required = new HashSet<string>(StringComparer.Ordinal) { "input" };
            schema.Properties!["input"] = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = @"\S", Description = "Texte saisi ou lu par la douchette : un ou plusieurs numéros." };
        }
    }

    // What a corrected field holds: nothing (null), a text, a number, a yes/no, a list of texts (titles, given
    // names) or, when a whole part was added or removed, an object of the form (previousTitle,
    // otherTitle, a parent's birthPlace, legalRepresentative, taxStamp: texts and lists of texts).
    private static OpenApiSchema FieldValue(string description) => new()
    {
        Description = description,
        OneOf =
        [
            new OpenApiSchema { Type = JsonSchemaType.Null },
            new OpenApiSchema { Type = JsonSchemaType.String },
            new OpenApiSchema { Type = JsonSchemaType.Integer },
            new OpenApiSchema { Type = JsonSchemaType.Boolean },
            new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                AdditionalProperties = new OpenApiSchema { OneOf = [new OpenApiSchema { Type = JsonSchemaType.String }, new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } }] },
            },
        ],
    };
}
