using PreDemande.Core.Documents;
using PreDemande.Core.Fees;
using PreDemande.Core.Forms;

using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Core;

/// <summary>The documents rule on its own: a form, a day, and the COMEDEC list or none.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class RequiredDocumentsTests
{
    private static readonly DateOnly Today = new(2026, 12, 3);
    private static readonly ComedecCommunes Comedec = new(new DateOnly(2026, 11, 2), ["35288", "75056"]);
    private static readonly Fee Fee = FeeCalculator.Compute(["passport"], "first", 36);

    private static PreApplicationForm Adult(string reason, string birthCommune = "69123", OtherTitle? otherTitle = null, string? renewalCause = null, string? previousIssuedOn = null) => new()
    {
        Titles = ["passport"],
        Reason = reason,
        RenewalCause = renewalCause,
        PreviousTitle = previousIssuedOn is null ? null : new PreviousTitle { Number = "12AB34567", IssuedOn = previousIssuedOn },
        OtherTitle = otherTitle,
        Applicant = new Applicant { Surname = "LŒUVRE", BirthDate = "1990-04-12", BirthPlace = new BirthPlace { CommuneCode = birthCommune, CommuneName = "X" } },
    };

    private static OtherTitle IdCardExpiring(DateOnly expiry) => new() { Type = "idCard", ExpiryDate = expiry.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) };

    private static string[] Kinds(PreApplicationForm form, ComedecCommunes? comedec = null, int age = 36) =>
        RequiredDocuments.For(form, age, Fee, Today, comedec).Select(d => d.Kind).ToArray();

    [Fact]
    public void A_first_application_without_another_title_asks_for_the_birth_certificate()
    {
        Assert.Contains(RequiredDocuments.BirthCertificate, Kinds(Adult("first"), Comedec));
    }

    [Fact]
    public void A_first_application_with_a_valid_identity_card_asks_for_no_birth_certificate()
    {
        Assert.DoesNotContain(RequiredDocuments.BirthCertificate, Kinds(Adult("first", otherTitle: IdCardExpiring(Today.AddYears(3)))));
    }

    [Fact]
    public void A_first_application_with_an_identity_card_expired_4_years_ago_asks_for_no_birth_certificate()
    {
        Assert.DoesNotContain(RequiredDocuments.BirthCertificate, Kinds(Adult("first", otherTitle: IdCardExpiring(Today.AddYears(-4)))));
    }

    [Fact]
    public void A_first_application_with_an_identity_card_expired_6_years_ago_asks_for_the_birth_certificate()
    {
        Assert.Contains(RequiredDocuments.BirthCertificate, Kinds(Adult("first", otherTitle: IdCardExpiring(Today.AddYears(-6)))));
    }

    [Fact]
    public void A_title_expired_exactly_5_years_ago_no_longer_spares_the_birth_certificate()
    {
        Assert.Contains(RequiredDocuments.BirthCertificate, Kinds(Adult("first", otherTitle: IdCardExpiring(Today.AddYears(-5)))));
        Assert.DoesNotContain(RequiredDocuments.BirthCertificate, Kinds(Adult("first", otherTitle: IdCardExpiring(Today.AddYears(-5).AddDays(1)))));
    }

    [Fact]
    public void The_5_years_count_on_the_day_the_documents_are_judged()
    {
        var form = Adult("first", otherTitle: IdCardExpiring(Today.AddYears(-5).AddDays(10)));

        Assert.False(RequiredDocuments.NeedsBirthCertificate(form, Today, comedec: null));
        Assert.True(RequiredDocuments.NeedsBirthCertificate(form, Today.AddDays(10), comedec: null));
    }

    [Fact]
    public void A_loss_without_another_title_asks_for_the_birth_certificate()
    {
        Assert.Contains(RequiredDocuments.BirthCertificate, Kinds(Adult("loss", previousIssuedOn: "2020-01-01")));
    }

    [Fact]
    public void A_loss_with_a_valid_passport_held_asks_for_no_birth_certificate()
    {
        var passport = new OtherTitle { Type = "passport", ExpiryDate = "2030-06-01" };

        Assert.DoesNotContain(RequiredDocuments.BirthCertificate, Kinds(Adult("loss", otherTitle: passport, previousIssuedOn: "2020-01-01")));
    }

    [Fact]
    public void A_theft_without_another_title_asks_for_the_birth_certificate()
    {
        Assert.Contains(RequiredDocuments.BirthCertificate, Kinds(Adult("theft", previousIssuedOn: "2020-01-01")));
    }

    [Fact]
    public void A_theft_with_an_identity_card_expired_2_years_ago_asks_for_no_birth_certificate()
    {
        Assert.DoesNotContain(RequiredDocuments.BirthCertificate, Kinds(Adult("theft", otherTitle: IdCardExpiring(Today.AddYears(-2)), previousIssuedOn: "2020-01-01")));
    }

    [Fact]
    public void A_renewal_of_a_title_issued_less_than_20_years_ago_asks_for_no_birth_certificate()
    {
        Assert.DoesNotContain(RequiredDocuments.BirthCertificate, Kinds(Adult("renewal", renewalCause: "expired", previousIssuedOn: "2008-01-01")));
    }

    [Fact]
    public void A_renewal_of_a_title_issued_20_years_ago_or_more_asks_for_the_birth_certificate()
    {
        Assert.Contains(RequiredDocuments.BirthCertificate, Kinds(Adult("renewal", renewalCause: "expired", previousIssuedOn: "2006-12-03")));
    }

    [Fact]
    public void A_renewal_of_an_old_title_with_another_valid_title_asks_for_no_birth_certificate()
    {
        Assert.DoesNotContain(RequiredDocuments.BirthCertificate, Kinds(Adult("renewal", renewalCause: "expired", previousIssuedOn: "2000-01-01", otherTitle: IdCardExpiring(Today.AddYears(2)))));
    }

    [Fact]
    public void A_renewal_for_a_change_of_civil_status_asks_for_the_birth_certificate_even_with_another_valid_title()
    {
        Assert.Contains(RequiredDocuments.BirthCertificate, Kinds(Adult("renewal", renewalCause: "civilStatusChange", previousIssuedOn: "2020-01-01", otherTitle: IdCardExpiring(Today.AddYears(2)))));
    }

    [Fact]
    public void A_first_application_born_in_a_commune_on_the_comedec_list_asks_for_no_birth_certificate()
    {
        Assert.DoesNotContain(RequiredDocuments.BirthCertificate, Kinds(Adult("first", birthCommune: "35288"), Comedec));
    }

    [Fact]
    public void A_birth_in_a_paris_arrondissement_counts_as_paris_on_the_comedec_list()
    {
        Assert.DoesNotContain(RequiredDocuments.BirthCertificate, Kinds(Adult("first", birthCommune: "75111"), Comedec));
    }

    [Fact]
    public void A_change_of_civil_status_of_someone_born_in_a_comedec_commune_asks_for_no_birth_certificate()
    {
        Assert.DoesNotContain(RequiredDocuments.BirthCertificate, Kinds(Adult("renewal", birthCommune: "35288", renewalCause: "civilStatusChange", previousIssuedOn: "2020-01-01"), Comedec));
    }

    [Fact]
    public void Without_a_loaded_list_the_birth_certificate_keeps_the_sentence_naming_comedec()
    {
        var certificate = RequiredDocuments.For(Adult("first", birthCommune: "35288"), 36, Fee, Today, comedec: null).Single(d => d.Kind == RequiredDocuments.BirthCertificate);

        Assert.Equal("Un acte de naissance de moins de 3 mois, sauf si votre commune de naissance est reliée à COMEDEC", certificate.Label);
    }

    [Fact]
    public void With_a_loaded_list_a_commune_not_on_it_asks_for_the_birth_certificate_without_the_sentence()
    {
        var certificate = RequiredDocuments.For(Adult("first"), 36, Fee, Today, Comedec).Single(d => d.Kind == RequiredDocuments.BirthCertificate);

        Assert.Equal("Un acte de naissance de moins de 3 mois", certificate.Label);
    }

    [Fact]
    public void A_minor_holding_a_valid_passport_asks_for_no_birth_certificate_for_a_first_identity_card()
    {
        var minor = Adult("first", otherTitle: new OtherTitle { Type = "passport", ExpiryDate = "2028-03-01" }) with { Titles = ["idCard"] };

        var kinds = Kinds(minor, age: 12);

        Assert.DoesNotContain(RequiredDocuments.BirthCertificate, kinds);
        Assert.Contains("representativeId", kinds);
    }

    [Fact]
    public void A_minor_without_another_title_asks_for_the_birth_certificate()
    {
        Assert.Contains(RequiredDocuments.BirthCertificate, Kinds(Adult("first") with { Titles = ["idCard"] }, age: 12));
    }
}
