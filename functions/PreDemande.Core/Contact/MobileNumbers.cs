using System.Collections.Frozen;
using PhoneNumbers;

namespace PreDemande.Core.Contact;

/// <summary>
/// Mobile numbers that can receive the "title available" SMS: French numbering plans only
/// (metropolitan +33 6/7, the overseas departments and collectivities), stored in E.164.
/// +269 is Comoros since 2007 (Mayotte moved to +262 639), so it is not accepted.
/// </summary>
public static class MobileNumbers
{
    private static readonly FrozenSet<string> FrenchRegions = new[]
    {
        "FR", "GP", "BL", "MF", "MQ", "GF", "RE", "YT", "PM", "NC", "PF", "WF",
    }.ToFrozenSet(StringComparer.Ordinal);

    public enum Verdict
    {
        Valid,
        Unreadable,
        NotAMobile,
        NotFrench,
    }

    /// <summary>Reads "+33 6 12 34 56 78", "06 12 34 56 78" or "+590690001122"; gives E.164 when valid.</summary>
    public static Verdict Check(string input, out string e164)
    {
        e164 = string.Empty;
        var util = PhoneNumberUtil.GetInstance();
        PhoneNumber parsed;
        try
        {
            parsed = util.Parse(input, "FR");
        }
        catch (NumberParseException)
        {
            return Verdict.Unreadable;
        }

        if (!util.IsValidNumber(parsed))
        {
            return Verdict.Unreadable;
        }

        var region = util.GetRegionCodeForNumber(parsed);
        if (region is null || !FrenchRegions.Contains(region))
        {
            return Verdict.NotFrench;
        }

        if (util.GetNumberType(parsed) is not (PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE))
        {
            return Verdict.NotAMobile;
        }

        e164 = util.Format(parsed, PhoneNumberFormat.E164);
        return Verdict.Valid;
    }
}
