using System.Text.Json;
using System.Text.Json.Serialization;

namespace PreDemande.Core.Proofs;

/// <summary>
/// The holder and address a proof of address (document types 00, 01, 02) carries, by the data
/// identifiers of v3.2.6 §7.1 and §8.1: 10 is line 1 of the postal address (title, surname and given
/// names, optionally '/'-separated) and 11, 12, 13 its parts (title, given name, surname) — a code
/// holds one or the other; 20 to 23 are address lines 2 to 5 (complement, building, number and
/// street, delivery mention or locality), 24 the postcode, 25 the town, 26 the country.
/// </summary>
public sealed record ProofOfAddress
{
    public string? NameLine { get; init; }

    public string? Title { get; init; }

    public string? GivenNames { get; init; }

    public string? Surname { get; init; }

    public string? Complement { get; init; }

    public string? Building { get; init; }

    public TwoDDocField? Street { get; init; }

    public string? Locality { get; init; }

    public string? Postcode { get; init; }

    public TwoDDocField? City { get; init; }

    public string? Country { get; init; }

    /// <summary>Reads the holder and address fields of a code (of any type; fields it lacks are null).</summary>
    public static ProofOfAddress From(TwoDDocCode code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return new ProofOfAddress
        {
            NameLine = code.Field("10")?.Value,
            Title = code.Field("11")?.Value,
            GivenNames = code.Field("12")?.Value,
            Surname = code.Field("13")?.Value,
            Complement = code.Field("20")?.Value,
            Building = code.Field("21")?.Value,
            Street = code.Field("22"),
            Locality = code.Field("23")?.Value,
            Postcode = code.Field("24")?.Value,
            City = code.Field("25"),
            Country = code.Field("26")?.Value,
        };
    }
}

/// <summary>
/// The person and address the form declares, as the mairie last corrected them: for a minor, the
/// legal representative's name. Values as typed (any case, accents, punctuation).
/// </summary>
/// <param name="Surname">The birth surname.</param>
/// <param name="GivenNames">The given names in order; a code usually holds the first one or the first few.</param>
/// <param name="StreetLine">House number and street ("7 bis, place des Spécimens").</param>
/// <param name="Postcode">5 digits.</param>
/// <param name="City">The commune.</param>
public sealed record DeclaredHolder(string? Surname, IReadOnlyList<string>? GivenNames, string? StreetLine, string? Postcode, string? City)
{
    /// <summary>The usage name (married name…), which a bill may carry instead of the birth surname.</summary>
    public string? UsageName { get; init; }
}

/// <summary>How one compared field came out.</summary>
[JsonConverter(typeof(FieldMatchJsonConverter))]
public enum FieldMatch
{
    /// <summary>The code and the form agree, allowing for case, accents, punctuation and the usual abbreviations.</summary>
    Matches,

    /// <summary>Both have a value and they disagree.</summary>
    Differs,

    /// <summary>The code or the form has no value for it: the agent checks by eye.</summary>
    Absent,
}

/// <summary>Writes and reads a field match as its camelCase name.</summary>
public sealed class FieldMatchJsonConverter() : JsonStringEnumConverter<FieldMatch>(JsonNamingPolicy.CamelCase, allowIntegerValues: false);

/// <summary>Field by field comparison of a proof of address with the form.</summary>
public sealed record ProofComparison(FieldMatch Surname, FieldMatch GivenNames, FieldMatch StreetLine, FieldMatch Postcode, FieldMatch City)
{
    /// <summary>At least one field differs (absent fields do not count).</summary>
    [JsonIgnore]
    public bool HasMismatch => Surname == FieldMatch.Differs || GivenNames == FieldMatch.Differs
        || StreetLine == FieldMatch.Differs || Postcode == FieldMatch.Differs || City == FieldMatch.Differs;

    /// <summary>Every field matches.</summary>
    [JsonIgnore]
    public bool AllMatch => Surname == FieldMatch.Matches && GivenNames == FieldMatch.Matches
        && StreetLine == FieldMatch.Matches && Postcode == FieldMatch.Matches && City == FieldMatch.Matches;
}

/// <summary>The age rule for proofs of address: under one year old when the application is lodged.</summary>
public static class ProofAge
{
    /// <summary>
    /// True when the document's date (the issue date, or the signature date for an undated
    /// document) is more than one year before the lodging day; null when the code has neither.
    /// </summary>
    public static bool? IsOlderThanOneYear(TwoDDocHeader header, DateOnly lodgingDay)
    {
        ArgumentNullException.ThrowIfNull(header);
        return (header.IssueDate ?? header.SignatureDate) is { } date ? date < lodgingDay.AddYears(-1) : null;
    }
}
