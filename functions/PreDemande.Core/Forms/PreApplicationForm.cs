using System.Globalization;
using PreDemande.Core.Fees;

namespace PreDemande.Core.Forms;

// The CERFA 12100 data as the citizen portal posts it (contract: shared api.md). Every property
// is nullable and enumerations and dates are plain strings, so that one validator can report
// every problem field by field instead of stopping at the first deserialisation error.
// After validation, FormValidator returns the same shape normalised (NFC, trimmed, E.164).

public sealed record PreApplicationForm
{
    public IReadOnlyList<string>? Titles { get; init; }
    public string? Reason { get; init; }
    public string? RenewalCause { get; init; }
    public PreviousTitle? PreviousTitle { get; init; }

    /// <summary>Optional: another secured title the applicant holds (and will show at the mairie), which spares the birth certificate while valid or expired for less than 5 years.</summary>
    public OtherTitle? OtherTitle { get; init; }

    public Applicant? Applicant { get; init; }
    public IReadOnlyList<Parent>? Parents { get; init; }
    public Address? Address { get; init; }
    public Contact? Contact { get; init; }
    public LegalRepresentative? LegalRepresentative { get; init; }
    public TaxStamp? TaxStamp { get; init; }

    /// <summary>The applicant's age on that day; null when the birth date is missing or malformed (never once validated).</summary>
    public int? ApplicantAgeOn(DateOnly day) =>
        DateOnly.TryParseExact(Applicant?.BirthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth)
            ? FeeCalculator.AgeOn(birth, day)
            : null;
}

public sealed record PreviousTitle
{
    public string? Number { get; init; }
    public string? IssuedOn { get; init; }
}

/// <summary>A secured title held besides the one requested: <c>type</c> passport or idCard, and its expiry date.</summary>
public sealed record OtherTitle
{
    public string? Type { get; init; }
    public string? ExpiryDate { get; init; }
}

public sealed record Applicant
{
    public string? Surname { get; init; }
    public string? UsageName { get; init; }
    public IReadOnlyList<string>? GivenNames { get; init; }
    public string? Sex { get; init; }
    public string? BirthDate { get; init; }
    public BirthPlace? BirthPlace { get; init; }
    public int? HeightCm { get; init; }
    public string? EyeColour { get; init; }
    public Nationality? Nationality { get; init; }
}

/// <summary>Either a French commune (<c>communeCode</c> + <c>communeName</c>) or a place abroad (<c>countryCode</c> + <c>city</c>).</summary>
public sealed record BirthPlace
{
    public string? CommuneCode { get; init; }
    public string? CommuneName { get; init; }
    public string? CountryCode { get; init; }
    public string? City { get; init; }
}

public sealed record Nationality
{
    public string? Basis { get; init; }
}

/// <summary>A parent, or <c>{"unknown": true}</c> when the filiation is not established.</summary>
public sealed record Parent
{
    public bool? Unknown { get; init; }
    public string? Surname { get; init; }
    public IReadOnlyList<string>? GivenNames { get; init; }
    public string? BirthDate { get; init; }
    public BirthPlace? BirthPlace { get; init; }
    public bool? French { get; init; }
}

public sealed record Address
{
    public string? Line1 { get; init; }
    public string? Line2 { get; init; }
    public string? Postcode { get; init; }
    public string? City { get; init; }
    public string? CountryCode { get; init; }
}

public sealed record Contact
{
    public string? Email { get; init; }
    public string? Mobile { get; init; }
    public bool? SmsConsent { get; init; }
}

public sealed record LegalRepresentative
{
    public string? Capacity { get; init; }
    public string? Surname { get; init; }
    public IReadOnlyList<string>? GivenNames { get; init; }
    public string? BirthDate { get; init; }
}

public sealed record TaxStamp
{
    public string? Number { get; init; }
}
