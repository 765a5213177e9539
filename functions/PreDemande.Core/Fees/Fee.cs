namespace PreDemande.Core.Fees;

/// <summary>What the applicant pays, paid with one electronic tax stamp when the amount is not zero.</summary>
public sealed record Fee(int AmountEur, string Detail)
{
    public bool TaxStampRequired => AmountEur > 0;
}
