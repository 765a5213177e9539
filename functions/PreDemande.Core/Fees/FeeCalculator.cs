using PreDemande.Core.Forms;

namespace PreDemande.Core.Fees;

/// <summary>
/// The stamp duty (timbre fiscal) by title, age on the day of the request and reason:
/// passport 86 € from 18, 42 € from 15 to 17, 17 € under 15; identity card free, 25 € when
/// the previous card was lost or stolen. Both titles: the sum.
/// </summary>
public static class FeeCalculator
{
    public const int PassportAdultEur = 86;
    public const int PassportTeenEur = 42;
    public const int PassportChildEur = 17;
    public const int IdCardLossOrTheftEur = 25;

    public static Fee Compute(IReadOnlyCollection<string> titles, string reason, int ageYears)
    {
        var total = 0;
        var lines = new List<string>(2);
        if (titles.Contains(FormValues.Passport))
        {
            var (amount, label) = ageYears switch
            {
                >= 18 => (PassportAdultEur, "majeur"),
                >= 15 => (PassportTeenEur, "mineur de 15 à 17 ans"),
                _ => (PassportChildEur, "mineur de moins de 15 ans"),
            };
            total += amount;
            lines.Add($"Passeport ({label}) : {amount} €");
        }

        if (titles.Contains(FormValues.IdCard))
        {
            if (reason is FormValues.Loss or FormValues.Theft)
            {
                total += IdCardLossOrTheftEur;
                lines.Add($"Carte nationale d'identité (perte ou vol) : {IdCardLossOrTheftEur} €");
            }
            else
            {
                lines.Add("Carte nationale d'identité : gratuite");
            }
        }

        return new Fee(total, string.Join(" ; ", lines));
    }

    /// <summary>Age in completed years on <paramref name="on"/>; born on 29 February, one is a year older on 1 March of common years.</summary>
    public static int AgeOn(DateOnly birthDate, DateOnly on)
    {
        var age = on.Year - birthDate.Year;
        var birthday = birthDate is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(on.Year)
            ? new DateOnly(on.Year, 3, 1)
            : new DateOnly(on.Year, birthDate.Month, birthDate.Day);
        return on < birthday ? age - 1 : age;
    }
}
