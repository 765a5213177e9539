using PreDemande.Core.Fees;

using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Core;

[Trait(Tier.Name, Tier.Fast)]
public sealed class FeeCalculatorTests
{
    [Theory]
    [InlineData(new[] { "passport" }, "first", 30, 86)]
    [InlineData(new[] { "passport" }, "first", 18, 86)]
    [InlineData(new[] { "passport" }, "renewal", 17, 42)]
    [InlineData(new[] { "passport" }, "first", 15, 42)]
    [InlineData(new[] { "passport" }, "first", 14, 17)]
    [InlineData(new[] { "idCard" }, "first", 40, 0)]
    [InlineData(new[] { "idCard" }, "renewal", 40, 0)]
    [InlineData(new[] { "idCard" }, "loss", 40, 25)]
    [InlineData(new[] { "idCard" }, "theft", 8, 25)]
    [InlineData(new[] { "passport", "idCard" }, "loss", 40, 111)]
    [InlineData(new[] { "passport", "idCard" }, "first", 10, 17)]
    public void The_fee_depends_on_title_reason_and_age(string[] titles, string reason, int age, int expected)
    {
        var fee = FeeCalculator.Compute(titles, reason, age);

        Assert.Equal(expected, fee.AmountEur);
        Assert.Equal(expected > 0, fee.TaxStampRequired);
        Assert.False(string.IsNullOrWhiteSpace(fee.Detail));
    }

    [Theory]
    [InlineData("2008-11-23", "2026-11-23", 18)]
    [InlineData("2008-11-24", "2026-11-23", 17)]
    [InlineData("2008-02-29", "2026-02-28", 17)]
    [InlineData("2008-02-29", "2026-03-01", 18)]
    public void Age_counts_completed_years(string birth, string on, int expected)
    {
        Assert.Equal(expected, FeeCalculator.AgeOn(DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
