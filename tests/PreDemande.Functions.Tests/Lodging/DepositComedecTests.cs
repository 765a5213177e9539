using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PreDemande.Core.Documents;
using PreDemande.Functions.Reference;
using PreDemande.Functions.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace PreDemande.Functions.Tests.Lodging;

/// <summary>
/// The COMEDEC list loaded as the operator command loads it (its own Azurite: the list is the
/// app's, every pre-application reads it), then a pre-application followed from the recap to the
/// deposit.
/// </summary>
[Trait(Tier.Name, Tier.Http)]
public sealed class DepositComedecTests(PreDemandeFactory app) : IClassFixture<PreDemandeFactory>
{
    private const string ListFile = "commune;département\nSaint-Malo;35\nLyon;69\n";

    [Fact]
    public async Task Born_in_a_commune_of_the_loaded_comedec_list_a_first_application_has_no_birth_certificate_on_the_recap_the_applicant_view_or_the_deposit()
    {
        var loaded = await app.Services.GetRequiredService<ComedecListLoader>().LoadAsync(ListFile, new DateOnly(2026, 11, 2), "villes-adherentes.csv", skipUnresolved: false, dryRun: false, CancellationToken.None);
        Assert.True(loaded.Stored);

        var number = await app.SubmitReadyAsync(Forms.AdultPassport()); // born in Lyon (69123), first application
        var portal = app.ClientWithKey(TestClients.PortalKey);
        var recap = await (await portal.GetAsync($"/api/predemandes/{number}/recap")).Content.ReadAsByteArrayAsync();
        var view = await (await portal.GetAsync($"/api/predemandes/{number}")).JsonAsync();
        var deposit = await (await app.ClientWithKey(TestClients.MairieKey).DepositAsync(number)).JsonAsync();

        var text = TextOf(recap);
        Assert.Contains("Un justificatif de domicile", text, StringComparison.Ordinal);
        Assert.DoesNotContain("acte de naissance", text, StringComparison.Ordinal);
        Assert.DoesNotContain("COMEDEC", text, StringComparison.Ordinal);
        var viewKinds = view["documents"]!.AsArray().Select(d => d!["kind"]!.GetValue<string>()).ToArray();
        Assert.Contains("proofOfAddress", viewKinds);
        Assert.DoesNotContain(RequiredDocuments.BirthCertificate, viewKinds);
        Assert.Equal(["recap", "photo", "proofOfAddress", "taxStamp", "receipt"], deposit.ByKind().Keys);
    }

    [Fact]
    public async Task Born_in_a_commune_off_the_loaded_list_the_birth_certificate_is_asked_without_the_comedec_sentence()
    {
        await app.Services.GetRequiredService<ComedecListLoader>().LoadAsync(ListFile, new DateOnly(2026, 11, 2), "villes-adherentes.csv", skipUnresolved: false, dryRun: false, CancellationToken.None);
        var form = Forms.AdultPassport().With("applicant.birthPlace", new JsonObject { ["communeCode"] = "01004", ["communeName"] = "AMBÉRIEU-EN-BUGEY" });

        var number = await app.SubmitReadyAsync(form);
        var text = TextOf(await (await app.ClientWithKey(TestClients.PortalKey).GetAsync($"/api/predemandes/{number}/recap")).Content.ReadAsByteArrayAsync());
        var deposit = await (await app.ClientWithKey(TestClients.MairieKey).DepositAsync(number)).JsonAsync();

        Assert.Contains("Un acte de naissance de moins de 3 mois", text, StringComparison.Ordinal);
        Assert.DoesNotContain("COMEDEC", text, StringComparison.Ordinal);
        Assert.Contains(RequiredDocuments.BirthCertificate, deposit.ByKind().Keys);
    }

    private static string TextOf(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }
}
