using Microsoft.OpenApi;
using PreDemande.Functions.Accounts;
using PreDemande.Functions.Booking;
using PreDemande.Functions.PreApplications;

namespace PreDemande.Functions.OpenApi;

/// <summary>
/// What the endpoints' signatures cannot say about their parameters and answers, written from the
/// same constants the checks use: which parameters are required and their shapes, the 400 of a
/// malformed number in a route (<see cref="Http.RouteNumber"/>), the 429 of the rate limits.
/// </summary>
internal static class OperationContract
{
    /// <summary>A number as <see cref="Core.Numbers.PreApplicationNumber.TryNormalize"/> reads it: spaces around, any case.</summary>
    public const string RouteNumberPattern = @"^\s*[A-Za-z0-9]{10}\s*$";

    private const string Printable = "^[ -~]*$";

    // Parameter name → (required, schema); by operation where the same name differs.
    private static readonly Dictionary<string, (bool Required, Func<OpenApiSchema> Schema)> Parameters = new(StringComparer.Ordinal)
    {
        ["number"] = (true, () => new OpenApiSchema { Type = JsonSchemaType.String, Pattern = RouteNumberPattern, Description = "Numéro de pré-demande, 10 lettres ou chiffres." }),
        ["Idempotency-Key"] = (false, () => new OpenApiSchema { Type = JsonSchemaType.String, Pattern = Printable, MaxLength = 200 }),
        [ApplicantAccount.Header] = (false, () => new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[!-~]*$", MaxLength = ApplicantAccount.MaxSubjectLength }),
        ["If-Match"] = (true, () => new OpenApiSchema { Type = JsonSchemaType.String, Description = "L'etag de la dernière lecture ; sans lui : 428." }),
        ["pageSize"] = (false, () => new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1", Maximum = ApplicantEndpoints.MaxPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
        ["application_ids"] = (true, () => new OpenApiSchema
        {
            Type = JsonSchemaType.Array,
            MinItems = 1,
            Items = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = AntsQuery.ApplicationIdsPattern.Replace("[A-Z0-9]", "[A-Za-z0-9]", StringComparison.Ordinal) },
        }),
        ["application_id"] = (true, () => new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[A-Za-z0-9]{10}$" }),
        ["meeting_point"] = (true, () => RequiredText(BookingEndpoints.MaxTextLength)),
        ["appointment_date"] = (true, () => new OpenApiSchema { Type = JsonSchemaType.String, Pattern = @"\S", Description = "YYYY-MM-DD HH:MM:SS (heure de Paris) ou ISO 8601 avec Z ou un décalage." }),
        ["management_url"] = (true, () => new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri", MaxLength = BookingEndpoints.MaxUrlLength }),
    };

    // meeting_point_id names an appointment (required) but only filters a status query (optional).
    private static readonly HashSet<string> AppointmentOperations = new(StringComparer.Ordinal) { "DeclareAppointment", "DeleteAppointment" };

    /// <summary>Each parameter's requiredness and shape; the account header is required where the operation needs the account (<see cref="Http.ApplicantAccountFilter.RequireApplicantAccount{TBuilder}"/>).</summary>
    public static void DescribeParameters(OpenApiOperation operation, string? name, bool accountRequired)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.Name is null)
            {
                continue;
            }

            if (Parameters.TryGetValue(parameter.Name, out var rule))
            {
                parameter.Required = rule.Required || parameter.In == ParameterLocation.Path;
                parameter.Schema = rule.Schema();
            }
            else if (parameter.Name == "meeting_point_id")
            {
                var appointment = name is not null && AppointmentOperations.Contains(name);
                parameter.Required = appointment;
                parameter.Schema = appointment ? RequiredText(BookingEndpoints.MaxTextLength) : new OpenApiSchema { Type = JsonSchemaType.String };
            }

            if (parameter.Name == ApplicantAccount.Header && accountRequired)
            {
                parameter.Required = true;
                parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[!-~]+$", MaxLength = ApplicantAccount.MaxSubjectLength };
            }
        }
    }

    /// <summary>The 400 of a malformed number in the route, answered before the handler by <see cref="Http.RouteNumber.Filter"/>.</summary>
    public static bool HasRouteNumber(OpenApiOperation operation) =>
        operation.Parameters?.Any(p => p.In == ParameterLocation.Path && p.Name == "number") == true;

    private static OpenApiSchema RequiredText(int maxLength) => new() { Type = JsonSchemaType.String, Pattern = @"\S", MaxLength = maxLength };
}
