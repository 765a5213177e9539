namespace PreDemande.Core.Forms;

/// <summary>The closed lists of the form, as the contract spells them on the wire.</summary>
public static class FormValues
{
    public const string Passport = "passport";
    public const string IdCard = "idCard";
    public static readonly string[] Titles = [Passport, IdCard];

    public const string First = "first";
    public const string Renewal = "renewal";
    public const string Loss = "loss";
    public const string Theft = "theft";
    public static readonly string[] Reasons = [First, Renewal, Loss, Theft];

    public static readonly string[] RenewalCauses = ["expired", "civilStatusChange", "addressChange", "damaged"];
    public static readonly string[] Sexes = ["F", "M"];
    public static readonly string[] EyeColours = ["brown", "blue", "green", "grey", "hazel", "black", "other"];
    public static readonly string[] NationalityBases = ["birth", "declaration", "naturalisation", "other"];
    public static readonly string[] Capacities = ["mother", "father", "guardian"];

    public static bool IsOneOf(string? value, string[] allowed) =>
        value is not null && Array.IndexOf(allowed, value) >= 0;
}
