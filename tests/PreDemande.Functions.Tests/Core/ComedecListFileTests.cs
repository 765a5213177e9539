using PreDemande.Core.Documents;
using PreDemande.Core.Geography;

using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Core;

/// <summary>Reading the operator's COMEDEC list file against the app's COG data.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class ComedecListFileTests
{
    [Fact]
    public void Insee_codes_and_names_with_their_departement_both_resolve_to_current_communes()
    {
        var reading = ComedecListFile.Parse("commune;département\nSaint-Malo;35\n75056\n2A004\nAmbérieu-en-Bugey;1\n", Communes.Default);

        Assert.Equal(["01004", "2A004", "35288", "75056"], reading.Codes);
        Assert.Empty(reading.Unresolved);
    }

    [Fact]
    public void A_line_naming_no_commune_is_reported_and_never_guessed()
    {
        var reading = ComedecListFile.Parse("Saint-Malo;35\nSaint-Malo;22\n99999\nNulle-Part\n", Communes.Default);

        Assert.Equal(["35288"], reading.Codes);
        Assert.Equal(["Saint-Malo;22", "99999", "Nulle-Part"], reading.Unresolved);
    }
}
