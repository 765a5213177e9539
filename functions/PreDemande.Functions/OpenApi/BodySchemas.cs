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
/// </summary>
internal static class BodySchemas
{
    public static void Describe(OpenApiSchema schema, Type type)
    {
        if (type == typeof(EventRequest))
        {
            schema.Required = new HashSet<string>(StringComparer.Ordinal) { "type" };
            schema.Properties!["type"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = Lifecycle.InstructionEvents.Select(e => (JsonNode)JsonValue.Create(e.Name())).ToList(),
            };
            schema.Properties["reason"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, MaxLength = StatusEvents.MaxReasonLength, Description = "Obligatoire (non vide) pour refused." };
            schema.Properties["eventId"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Pattern = "^[ -~]+$", MaxLength = StatusEvents.MaxEventIdLength, Description = "Identifiant de l'événement chez le CERT : le même eventId une seconde fois est sans effet." };
            schema.AnyOf =
            [
                new OpenApiSchema { Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal) { ["type"] = new OpenApiSchema { Not = new OpenApiSchema { Const = "refused" } } } },
                new OpenApiSchema { Required = new HashSet<string>(StringComparer.Ordinal) { "reason" }, Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal) { ["reason"] = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = @"\S" } } },
            ];
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
            // Any JSON value, null included (a member added or removed).
            schema.Properties!["before"] = new OpenApiSchema { Description = "La valeur avant la correction (null : absente)." };
            schema.Properties["after"] = new OpenApiSchema { Description = "La valeur après la correction (null : retirée)." };
        }
        else if (type == typeof(SearchRequest))
        {
            schema.Required = new HashSet<string>(StringComparer.Ordinal) { "input" };
            schema.Properties!["input"] = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = @"\S", Description = "Texte saisi ou lu par la douchette : un ou plusieurs numéros." };
        }
    }
}
