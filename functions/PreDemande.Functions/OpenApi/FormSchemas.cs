using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using PreDemande.Core.Forms;
using Drafts = PreDemande.Functions.Drafts;

namespace PreDemande.Functions.OpenApi;

/// <summary>
/// The form's three JSON schemas, written from the validator's own rules (<see cref="FieldLimits"/>,
/// <see cref="FormValues"/>, the patterns of <see cref="FieldRules"/> and <see cref="PlaceRules"/>):
/// <c>PreApplicationForm</c>, what a submission must satisfy and what every answer carrying a
/// form holds; <c>DraftForm</c>, what a draft must satisfy (types and lengths only,
/// <see cref="Drafts.DraftLimits"/>); <c>PreApplicationFormPatch</c>, a mairie's correction as a
/// JSON merge patch (RFC 7396: every member optional and nullable, objects patched member by
/// member, arrays replaced whole with items as the form's). The validator reads the input
/// leniently before its checks (surrounding spaces, ’ for ', runs of spaces, lower-case codes,
/// spaces in a stamp number), so the request patterns accept those spellings too; answers hold
/// the cleaned values. The contract tests pass requests and answers through an independent
/// validator against these schemas.
/// </summary>
internal static class FormSchemas
{
    public const string Form = "PreApplicationForm";
    public const string Draft = Drafts.DraftEndpoints.FormSchemaName;

    public const string Patch = "PreApplicationFormPatch";

    public static OpenApiSchema Strict() => new Builder(Mode.Form).Form();

    public static OpenApiSchema Lenient() => new Builder(Mode.Draft).Form();

    /// <summary>The form as a merge patch: what <c>form</c> holds in a correction's body.</summary>
    public static OpenApiSchema MergePatch()
    {
        var patch = new Builder(Mode.Patch).Form();
        patch.Type = JsonSchemaType.Object;
        return patch;
    }

    private enum Mode
    {
        Form,
        Draft,
        Patch,
    }

    private sealed class Builder(Mode mode)
    {
        private readonly bool draft = mode == Mode.Draft;

        // Arrays are replaced whole by a patch: their items are the form's own.
        private Builder Items => mode == Mode.Patch ? new Builder(Mode.Form) : this;

        private const string Spaces = @"\s*";
        private static readonly string Name =
            $"^{Spaces}[{FieldRules.CapitalLetters}]+(?:(?:[-'’]| +)[{FieldRules.CapitalLetters}]+)*{Spaces}$";

        public OpenApiSchema Form() => Object(
            required: true,
            description: mode == Mode.Patch
                ? "Correction du formulaire (JSON merge patch, RFC 7396) : seuls les champs à changer ; null retire un champ, un objet se corrige champ par champ, un tableau est remplacé entier. Le formulaire corrigé est contrôlé comme à la soumission."
                : draft
                ? "Formulaire inachevé : seuls les types et les longueurs sont contrôlés (au plus 254 caractères par texte, 10 éléments par liste)."
                : "Données du CERFA 12100. Les textes sont relus avant contrôle (espaces en trop, ’ pour ', majuscules des codes) ; les réponses portent les valeurs nettoyées.",
            ("titles", Array(Items.Choice(FormValues.Titles, required: true), min: 1, max: FormValues.Titles.Length, unique: true, required: true), true),
            ("reason", Choice(FormValues.Reasons, required: true), true),
            ("renewalCause", Choice(FormValues.RenewalCauses, required: false), false),
            ("previousTitle", Object(
                required: false,
                description: "Pour un renouvellement, une perte ou un vol : le titre actuel.",
                ("number", Text($@"^{Spaces}[A-Za-z0-9](?: *[A-Za-z0-9]){{{FieldLimits.PreviousTitleMinLength - 1},{FieldLimits.PreviousTitleMaxLength - 1}}}{Spaces}$", null, required: true), true),
                ("issuedOn", Date(required: true), true)), false),
            ("otherTitle", Object(
                required: false,
                description: $"Facultatif : un autre titre sécurisé détenu (présenté en mairie). Valide ou périmé depuis moins de {Core.Documents.RequiredDocuments.SecuredTitleGraceYears} ans, il dispense de l'acte de naissance (sauf changement d'état civil).",
                ("type", Choice(FormValues.Titles, required: true), true),
                ("expiryDate", Date(required: true, description: $"AAAA-MM-JJ, date d'expiration du titre : passée, ou au plus {FieldLimits.TitleValidityYears} ans à venir."), true)), false),
            ("applicant", Object(
                required: true,
                description: null,
                ("surname", Text(Name, FieldLimits.NameLength, required: true), true),
                ("usageName", Text(Name, FieldLimits.NameLength, required: false), false),
                ("givenNames", GivenNames(required: true), true),
                ("sex", Choice(FormValues.Sexes, required: true), true),
                ("birthDate", Date(required: true), true),
                ("birthPlace", BirthPlace(required: true), true),
                ("heightCm", Height(), false),
                ("eyeColour", Choice(FormValues.EyeColours, required: false), false),
                ("nationality", Object(required: true, description: null, ("basis", Choice(FormValues.NationalityBases, required: true), true)), true)), true),
            ("parents", Array(Items.Parent(), min: PeopleRules.ParentCount, max: PeopleRules.ParentCount, unique: false, required: true), true),
            ("address", Object(
                required: true,
                description: "countryCode absent : FR ; le code postal et la commune sont alors contrôlés ensemble.",
                ("line1", FreeText(FieldLimits.AddressLineLength, required: true), true),
                ("line2", FreeText(FieldLimits.AddressLineLength, required: false), false),
                ("postcode", Text(null, FieldLimits.ForeignPostcodeLength, required: false, description: "En France : 5 chiffres."), false),
                ("city", FreeText(FieldLimits.CityLength, required: true), true),
                ("countryCode", Country(required: false), false)), true),
            ("contact", Object(
                required: true,
                description: null,
                ("email", Text($"^{Spaces}{FieldRules.EmailPatternText.TrimStart('^').TrimEnd('$')}{Spaces}$", FieldLimits.EmailLength, required: true), true),
                ("mobile", Text(null, null, required: false, description: "Mobile français (métropole, outre-mer), lu sous toute forme usuelle (06 12 34 56 78, +33 6…) ; les réponses le donnent en E.164."), false),
                ("smsConsent", Boolean(required: false), false)), true),
            ("legalRepresentative", Object(
                required: false,
                description: "Obligatoire pour un demandeur mineur, absent sinon.",
                ("capacity", Choice(FormValues.Capacities, required: true), true),
                ("surname", Text(Name, FieldLimits.NameLength, required: true), true),
                ("givenNames", GivenNames(required: true), true),
                ("birthDate", Date(required: true), true)), false),
            ("taxStamp", Object(
                required: false,
                description: "Quand un timbre est dû : son numéro à 16 chiffres (espaces admis).",
                ("number", Text($@"^{Spaces}(?:[0-9]\s*){{{FieldLimits.TaxStampDigits}}}$", null, required: true), true)), false));

        private OpenApiSchema Parent()
        {
            var parent = Object(
                required: true,
                description: "Un parent, ou {\"unknown\": true} quand la filiation n'est pas établie.",
                ("unknown", Boolean(required: false), false),
                ("surname", Text(Name, FieldLimits.NameLength, required: false), false),
                ("givenNames", GivenNames(required: false), false),
                ("birthDate", Date(required: false), false),
                ("birthPlace", BirthPlace(required: false), false),
                ("french", Boolean(required: false), false));
            if (mode == Mode.Form)
            {
                // One object whose rule depends on a member: if/then/else, which client generators
                // leave aside (an anyOf over required members makes them a union of two objects).
                parent.If = Has("unknown", new OpenApiSchema { Type = JsonSchemaType.Boolean, Enum = [JsonValue.Create(true)] });
                parent.Then = new OpenApiSchema { Properties = Members(Absent("surname", "givenNames", "birthDate", "birthPlace", "french")) };
                parent.Else = Needs(("surname", JsonSchemaType.String), ("givenNames", JsonSchemaType.Array));
            }

            return parent;
        }

        private OpenApiSchema BirthPlace(bool required)
        {
            var place = Object(
                required,
                "En France : communeCode (code INSEE, pas le code postal) et communeName ; à l'étranger : countryCode et city.",
                ("communeCode", Text($@"^{Spaces}(?:[0-9]{{5}}|2[ABab][0-9]{{3}}){Spaces}$", null, required: false), false),
                ("communeName", FreeText(FieldLimits.CityLength, required: false), false),
                ("countryCode", Country(required: false), false),
                ("city", FreeText(FieldLimits.CityLength, required: false), false));
            if (mode == Mode.Form)
            {
                // Abroad when a country is given, in France otherwise (PlaceRules.BirthPlaceOf).
                place.If = Has("countryCode", new OpenApiSchema { Type = JsonSchemaType.String });
                place.Then = Needs(("countryCode", JsonSchemaType.String), ("city", JsonSchemaType.String));
                place.Else = Needs(("communeCode", JsonSchemaType.String), ("communeName", JsonSchemaType.String));
            }

            return place;
        }

        private OpenApiSchema Object(bool required, string? description, params (string Name, OpenApiSchema Schema, bool Required)[] members) => new()
        {
            Type = Nullable(JsonSchemaType.Object, required),
            Description = description,
            Properties = Members(members.Select(m => (m.Name, m.Schema)).ToArray()),
            Required = mode == Mode.Form ? members.Where(m => m.Required).Select(m => m.Name).ToHashSet(StringComparer.Ordinal) : null,
            // A patch naming a member the form does not have is refused (FormPatch.CheckMembers).
            AdditionalPropertiesAllowed = mode != Mode.Patch,
        };

        private OpenApiSchema Array(OpenApiSchema items, int min, int max, bool unique, bool required) => draft
            ? new OpenApiSchema { Type = JsonSchemaType.Array | JsonSchemaType.Null, Items = items, MaxItems = Drafts.DraftLimits.MaxItems }
            : new OpenApiSchema { Type = Nullable(JsonSchemaType.Array, required), Items = items, MinItems = min, MaxItems = max, UniqueItems = unique ? true : null };

        private OpenApiSchema GivenNames(bool required) =>
            Array(Items.Text(Name, FieldLimits.GivenNameLength, required: true), min: 1, max: FieldLimits.GivenNameCount, unique: false, required);

        private OpenApiSchema Choice(string[] values, bool required)
        {
            if (draft)
            {
                return DraftText();
            }

            var allowed = values.Select(v => (JsonNode?)JsonValue.Create(v)).ToList();
            if (!required || mode == Mode.Patch)
            {
                allowed.Add(null);
            }

            return new OpenApiSchema { Type = Nullable(JsonSchemaType.String, required), Enum = allowed! };
        }

        private OpenApiSchema Text(string? pattern, int? maxLength, bool required, string? description = null) => draft
            ? DraftText()
            : new OpenApiSchema { Type = Nullable(JsonSchemaType.String, required), Pattern = pattern is null ? null : Ascii(pattern), MaxLength = maxLength, Description = description };

        // Letters beyond ASCII as \uXXXX escapes (the same pattern in ECMAScript): a validator may quote the pattern in an HTTP header.
        private static string Ascii(string pattern) =>
            string.Concat(pattern.Select(c => c > '~' ? $"\\u{(int)c:X4}" : c.ToString()));

        private OpenApiSchema FreeText(int maxLength, bool required) =>
            Text($"^{Spaces}{FieldRules.FreeTextPatternText.TrimStart('^').TrimEnd('$').Replace("'", "'’", StringComparison.Ordinal)}{Spaces}$", maxLength, required);

        private OpenApiSchema Country(bool required) =>
            Text($"^{Spaces}[A-Za-z]{{2}}{Spaces}$", null, required, "Code pays ISO 3166-1 alpha-2.");

        private OpenApiSchema Date(bool required, string description = "AAAA-MM-JJ, dans le passé.") => draft
            ? DraftText()
            : new OpenApiSchema { Type = Nullable(JsonSchemaType.String, required), Format = "date", Pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", Description = description };

        // An integer alone: numbers are read strictly (a number sent as a string is a type error).
        private OpenApiSchema Height() => draft
            ? new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null }
            : new OpenApiSchema
            {
                Type = JsonSchemaType.Integer | JsonSchemaType.Null,
                Minimum = FieldLimits.MinHeightCm.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Maximum = FieldLimits.MaxHeightCm.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Description = $"En centimètres, de {FieldLimits.MinHeightCm} à {FieldLimits.MaxHeightCm} ; obligatoire pour un passeport.",
            };

        private OpenApiSchema Boolean(bool required) => new() { Type = draft ? JsonSchemaType.Boolean | JsonSchemaType.Null : Nullable(JsonSchemaType.Boolean, required) };

        private static OpenApiSchema DraftText() => new() { Type = JsonSchemaType.String | JsonSchemaType.Null, MaxLength = FieldLimits.EmailLength };

        private JsonSchemaType Nullable(JsonSchemaType type, bool required) => required && mode == Mode.Form ? type : type | JsonSchemaType.Null;

        // The condition "the member is there and matches", for an if.
        private static OpenApiSchema Has(string member, OpenApiSchema value) => new()
        {
            Required = new HashSet<string>(StringComparer.Ordinal) { member },
            Properties = Members((member, value)),
        };

        // The members a branch requires, not null.
        private static OpenApiSchema Needs(params (string Name, JsonSchemaType Type)[] members) => new()
        {
            Required = members.Select(m => m.Name).ToHashSet(StringComparer.Ordinal),
            Properties = Members(members.Select(m => (m.Name, new OpenApiSchema { Type = m.Type })).ToArray()),
        };

        private static (string Name, OpenApiSchema Schema)[] Absent(params string[] members) =>
            members.Select(m => (m, new OpenApiSchema { Type = JsonSchemaType.Null })).ToArray();

        private static Dictionary<string, IOpenApiSchema> Members(params (string Name, OpenApiSchema Schema)[] members) =>
            members.ToDictionary(m => m.Name, m => (IOpenApiSchema)m.Schema, StringComparer.Ordinal);
    }
}
