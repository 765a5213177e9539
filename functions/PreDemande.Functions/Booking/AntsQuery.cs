using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PreDemande.Functions.Http;

namespace PreDemande.Functions.Booking;

/// <summary>
/// The query parameters of the ANTS coordination API and its validation answers, as that FastAPI
/// service gives them: 422 <c>{"detail": [{"loc": ["query", name, index?], "msg", "type", "ctx"?}]}</c>.
/// </summary>
public static partial class AntsQuery
{
    /// <summary>One or more numbers joined by <c>, ; : - / .</c> or spaces (the ANTS pattern).</summary>
    public const string ApplicationIdsPattern = @"^([A-Z0-9]{10}[,;:\-/.\s])*[A-Z0-9]{10}$";

    public const int MaxApplicationIds = 20;

    [GeneratedRegex(ApplicationIdsPattern, RegexOptions.CultureInvariant)]
    private static partial Regex ApplicationIds();

    [GeneratedRegex(@"[A-Z0-9]{10}", RegexOptions.CultureInvariant)]
    private static partial Regex OneId();

    [GeneratedRegex(@"^[A-Z0-9]{10}$", RegexOptions.CultureInvariant)]
    private static partial Regex ExactlyOneId();

    /// <summary>True for exactly one number (<c>application_id</c>).</summary>
    public static bool IsOneId(string value) => ExactlyOneId().IsMatch(value);

    /// <summary>The numbers of every value (read in upper case, as the ANTS hub does), or the 422 items of the values that do not match.</summary>
    public static (IReadOnlyList<string> Ids, JsonArray Errors) ParseApplicationIds(IReadOnlyList<string?> values, string parameter)
    {
        var ids = new List<string>();
        var errors = new JsonArray();
        if (values.Count == 0)
        {
            errors.Add((JsonNode)Missing(parameter));
            return (ids, errors);
        }

        for (var i = 0; i < values.Count; i++)
        {
            var value = (values[i] ?? string.Empty).ToUpperInvariant();
            if (!ApplicationIds().IsMatch(value))
            {
                errors.Add((JsonNode)Item(parameter, i, $"string does not match regex \"{ApplicationIdsPattern}\"", "value_error.str.regex", new JsonObject { ["pattern"] = ApplicationIdsPattern }));
                continue;
            }

            ids.AddRange(OneId().Matches(value).Select(m => m.Value));
        }

        return (ids.Distinct(StringComparer.Ordinal).ToArray(), errors);
    }

    /// <summary>An appointment date: <c>YYYY-MM-DD HH:MM:SS</c> or ISO 8601 without offset (Paris time), ISO 8601 with <c>Z</c> or an offset.</summary>
    public static bool TryParseDate(string? value, out DateTimeOffset instant)
    {
        instant = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var text = value.Trim();
        var hasZone = text.EndsWith('Z') || text.EndsWith('z') || Regex.IsMatch(text, @"[+-]\d{2}:?\d{2}$");
        if (hasZone)
        {
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out instant);
        }

        string[] formats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"];
        if (!DateTime.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return false;
        }

        instant = FrenchClock.FromParis(local);
        return true;
    }

    /// <summary>An instant as the ANTS API writes appointment dates: Paris time, no offset.</summary>
    public static string FormatDate(DateTimeOffset instant) => FrenchClock.ToParis(instant).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    public static JsonObject Missing(string parameter) => Item(parameter, null, "field required", "value_error.missing");

    /// <summary>One validation error: <c>loc</c> is <c>["query", parameter]</c>, with the index of the value when the parameter repeats.</summary>
    public static JsonObject Item(string parameter, int? index, string msg, string type, JsonObject? ctx = null)
    {
        var loc = new JsonArray(JsonValue.Create("query"), JsonValue.Create(parameter));
        if (index is { } i)
        {
            loc.Add((JsonNode)JsonValue.Create(i));
        }

        var item = new JsonObject { ["loc"] = loc, ["msg"] = msg, ["type"] = type };
        if (ctx is not null)
        {
            item["ctx"] = ctx;
        }

        return item;
    }

    public static JsonObject Detail(JsonArray errors) => new() { ["detail"] = errors };
}
