using PreDemande.Core.Fees;

namespace PreDemande.Functions.PreApplications;

/// <summary>The fee as the views show it.</summary>
public sealed record FeeView(int AmountEur, string Detail, bool TaxStampRequired)
{
    public static FeeView From(Fee fee) => new(fee.AmountEur, fee.Detail, fee.TaxStampRequired);
}

/// <summary>The addresses of a pre-application that the views hand out.</summary>
public static class Routes
{
    public static string PreApplication(string number) => $"/api/predemandes/{number}";

    public static string Recap(string number) => $"/api/predemandes/{number}/recap";
}
