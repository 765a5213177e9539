using PreDemande.Core.Contact;
using PreDemande.Core.Geography;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Core;

[Trait(Tier.Name, Tier.System)]
public sealed class ReferenceDataTests
{
    [Fact]
    public async Task The_shipped_commune_list_is_what_the_pinned_npm_package_produces()
    {
        var (exitCode, output) = await Tools.RunAsync("node", Repository.PathOf("scripts", "generate-communes.mjs"), "--check");

        Assert.True(exitCode == 0, output);
    }

    [Theory]
    [InlineData("75056", "PARIS")]
    [InlineData("2A004", "AJACCIO")]
    [InlineData("20004", "AJACCIO")]
    [InlineData("01015", "ARBIGNIEU")]
    [InlineData("97101", "LES ABYMES")]
    [InlineData("42218", "SAINT-ÉTIENNE")]
    [InlineData("42218", "ST ETIENNE")]
    public void Commune_codes_are_known_with_their_names(string code, string name)
    {
        Assert.True(Communes.Default.CodeHasName(code, name));
    }

    [Theory]
    [InlineData("75011", "PARIS", true)]
    [InlineData("75011", "PARIS 11", true)]
    [InlineData("69003", "LYON", true)]
    [InlineData("69003", "LYON CEDEX 03", true)]
    [InlineData("01300", "ARBIGNIEU", true)]
    [InlineData("75011", "LYON", false)]
    public void Postcodes_are_checked_against_the_commune_names(string postcode, string city, bool expected)
    {
        Assert.Equal(expected, Communes.Default.PostcodeHasCity(postcode, city));
    }

    [Theory]
    [InlineData("+33612345678", MobileNumbers.Verdict.Valid, "+33612345678")]
    [InlineData("07 81 23 45 67", MobileNumbers.Verdict.Valid, "+33781234567")]
    [InlineData("+590690001122", MobileNumbers.Verdict.Valid, "+590690001122")]
    [InlineData("+262692123456", MobileNumbers.Verdict.Valid, "+262692123456")]
    [InlineData("+596696123456", MobileNumbers.Verdict.Valid, "+596696123456")]
    [InlineData("+594694123456", MobileNumbers.Verdict.Valid, "+594694123456")]
    [InlineData("+33145678901", MobileNumbers.Verdict.NotAMobile, "")]
    [InlineData("+4915112345678", MobileNumbers.Verdict.NotFrench, "")]
    [InlineData("bonjour", MobileNumbers.Verdict.Unreadable, "")]
    public void Mobiles_must_be_french_mobiles_and_are_stored_in_e164(string input, MobileNumbers.Verdict verdict, string e164)
    {
        Assert.Equal(verdict, MobileNumbers.Check(input, out var normalised));
        Assert.Equal(e164, normalised);
    }
}
