namespace PreDemande.Core.Forms;

/// <summary>
/// Field lengths are not published for the CERFA data; these generous limits are ours and are
/// stated in the API documentation (docs/api-limits.md).
/// </summary>
public static class FieldLimits
{
    public const int NameLength = 100;
    public const int GivenNameLength = 60;
    public const int GivenNameCount = 10;
    public const int CityLength = 100;
    public const int AddressLineLength = 100;
    public const int ForeignPostcodeLength = 20;
    public const int EmailLength = 254;
    public const int MinHeightCm = 40;
    public const int MaxHeightCm = 250;
    public const int MaxAgeYears = 130;
    public const int PreviousTitleMinLength = 9;
    public const int PreviousTitleMaxLength = 12;
    public const int TaxStampDigits = 16;

    /// <summary>The longest validity of a secured title (an adult's CNI issued 2004-2013): an expiry date further ahead is a typing error.</summary>
    public const int TitleValidityYears = 15;
}
