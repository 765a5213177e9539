using PreDemande.Core.Proofs;

using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Proofs;

[Trait(Tier.Name, Tier.Fast)]
public sealed class ProofComparerTests
{
    private static readonly DeclaredHolder Angela = new("Sample", ["Angela", "Marie"], "7, place des Spécimens", "57000", "Metz");

    private static ProofOfAddress Proof(string street = "7 PLACE DES SPECIMENS", string postcode = "57000", string city = "METZ", string? nameLine = "MLLE/SAMPLE/ANGELA", bool streetTruncated = false) => new()
    {
        NameLine = nameLine,
        Street = new TwoDDocField("22", street, streetTruncated),
        Postcode = postcode,
        City = new TwoDDocField("25", city, false),
    };

    [Fact]
    public void The_reference_proof_of_address_matches_its_holder_and_address()
    {
        var code = TestCodes.Parse(SpecSamples.ProofsOfAddress.First(s => s.Format == "V3").Raw);

        var comparison = ProofComparer.Compare(code, Angela);

        Assert.Equal(new ProofComparison(FieldMatch.Matches, FieldMatch.Matches, FieldMatch.Matches, FieldMatch.Matches, FieldMatch.Matches), comparison);
        Assert.True(comparison.AllMatch);
    }

    [Fact]
    public void A_different_postcode_differs()
    {
        var comparison = ProofComparer.Compare(Proof(postcode: "57050"), Angela);

        Assert.Equal(FieldMatch.Differs, comparison.Postcode);
        Assert.Equal(FieldMatch.Matches, comparison.StreetLine);
        Assert.True(comparison.HasMismatch);
    }

    [Theory]
    [InlineData("12 AV DES FLEURS", "12 avenue des Fleurs")]
    [InlineData("12 BD VOLTAIRE", "12 boulevard Voltaire")]
    [InlineData("3 PL DE LA REPUBLIQUE", "3 place de la République")]
    [InlineData("3 PL DE LA REP TCHEQUE", "3 place de la République tchèque")]
    [InlineData("8 CHE DES VIGNES", "8 chemin des Vignes")]
    [InlineData("8 CHEM DES VIGNES", "8 chemin des Vignes")]
    [InlineData("1 RTE DE LYON", "1 route de Lyon")]
    [InlineData("4 IMP DES LILAS", "4 impasse des Lilas")]
    [InlineData("4 ALL DES PINS", "4 allée des Pins")]
    [InlineData("2 QUAI DE LA LOIRE", "2 quai de la Loire")]
    [InlineData("2 CRS MIRABEAU", "2 cours Mirabeau")]
    [InlineData("2 SQ DES ECHANTILLONS", "2 square des Échantillons")]
    [InlineData("9 FG SAINT HONORE", "9 faubourg Saint-Honoré")]
    [InlineData("9 RUE ST JEAN", "9 rue Saint-Jean")]
    [InlineData("9 RUE STE ANNE", "9 rue Sainte-Anne")]
    [InlineData("5 ZI DES PRES", "5 zone industrielle des Prés")]
    [InlineData("5 RUE DU GAL LECLERC", "5 rue du Général Leclerc")]
    [InlineData("5 AVENUE DES FLEURS", "5 av. des Fleurs")]
    public void Abbreviations_match_the_words_they_stand_for(string code, string form)
    {
        Assert.Equal(FieldMatch.Matches, ProofComparer.Compare(Proof(street: code), Angela with { StreetLine = form }).StreetLine);
    }

    [Fact]
    public void The_specification_compression_example_matches_the_full_street()
    {
        var form = Angela with { StreetLine = "12 boulevard du Maréchal Jean de Lattre de Tassigny" };

        Assert.Equal(FieldMatch.Matches, ProofComparer.Compare(Proof(street: "12 BD MAL J DE LATTRE DE TASSIGNY"), form).StreetLine);
    }

    [Theory]
    [InlineData("7 B PLACE DES SPECIMENS", "7 bis place des Spécimens")]
    [InlineData("7 B PLACE DES SPECIMENS", "7bis, place des Spécimens")]
    [InlineData("7 T PLACE DES SPECIMENS", "7 ter place des Spécimens")]
    [InlineData("15 PLACE DES SPECIMENS", "15-17 place des Spécimens")]
    public void House_number_suffixes_and_series_match_as_the_address_rules_write_them(string code, string form)
    {
        Assert.Equal(FieldMatch.Matches, ProofComparer.Compare(Proof(street: code), Angela with { StreetLine = form }).StreetLine);
    }

    [Theory]
    [InlineData("9 PLACE DES SPECIMENS")]
    [InlineData("7 RUE DES SPECIMENS")]
    [InlineData("7 B PLACE DES SPECIMENS")]
    [InlineData("7 PLACE DES ECHANTILLONS")]
    public void A_different_street_differs(string code)
    {
        Assert.Equal(FieldMatch.Differs, ProofComparer.Compare(Proof(street: code), Angela).StreetLine);
    }

    [Fact]
    public void The_last_word_of_a_street_is_never_abbreviated_so_it_must_be_whole()
    {
        Assert.Equal(FieldMatch.Differs, ProofComparer.Compare(Proof(street: "3 PL DE LA REP"), Angela with { StreetLine = "3 place de la République" }).StreetLine);
    }

    [Fact]
    public void A_street_truncated_with_RS_matches_the_start_of_the_form_street()
    {
        Assert.Equal(FieldMatch.Matches, ProofComparer.Compare(Proof(street: "7 PLACE DES SPEC", streetTruncated: true), Angela).StreetLine);
        Assert.Equal(FieldMatch.Differs, ProofComparer.Compare(Proof(street: "7 PLACE DES SPEC"), Angela).StreetLine);
    }

    [Fact]
    public void A_truncated_field_read_from_a_code_is_compared_as_truncated()
    {
        var raw = TestCodes.Build(4, "FR0T", "A012", "01", [new("10", "MLLE/SAMPLE/ANGELA"), new("22", "7 PLACE DES SPECI", Truncated: true), new("24", "57000"), new("26", "FR")], System.Security.Cryptography.ECDsa.Create());

        Assert.Equal(FieldMatch.Matches, ProofComparer.Compare(TestCodes.Parse(raw), Angela).StreetLine);
    }

    [Fact]
    public void A_town_absent_from_the_code_is_absent()
    {
        var code = TestCodes.Parse(SpecSamples.ProofsOfAddress.First(s => s.Format == "V2" && s.Label.StartsWith("01", StringComparison.Ordinal)).Raw);
        var natacha = new DeclaredHolder("Specimen", ["Natacha"], "145 avenue des Spécimens", "75000", "Paris");

        var comparison = ProofComparer.Compare(code, natacha);

        Assert.Equal(FieldMatch.Absent, comparison.City);
        Assert.Equal(FieldMatch.Matches, comparison.StreetLine);
        Assert.Equal(FieldMatch.Matches, comparison.Postcode);
        Assert.False(comparison.HasMismatch);
    }

    [Fact]
    public void A_field_left_empty_on_the_form_is_absent()
    {
        var comparison = ProofComparer.Compare(Proof(), Angela with { Postcode = " ", City = null });

        Assert.Equal(FieldMatch.Absent, comparison.Postcode);
        Assert.Equal(FieldMatch.Absent, comparison.City);
    }

    [Theory]
    [InlineData("PARIS CEDEX 15", "Paris")]
    [InlineData("ST ETIENNE", "Saint-Étienne")]
    [InlineData("L ISLE ADAM", "L'Isle-Adam")]
    public void Town_spellings_match(string code, string form)
    {
        Assert.Equal(FieldMatch.Matches, ProofComparer.Compare(Proof(city: code), Angela with { City = form }).City);
    }

    [Fact]
    public void A_different_town_differs()
    {
        Assert.Equal(FieldMatch.Differs, ProofComparer.Compare(Proof(city: "NANCY"), Angela).City);
    }

    [Fact]
    public void The_code_may_hold_only_the_first_given_names()
    {
        var comparison = ProofComparer.Compare(Proof(nameLine: "MLLE/SAMPLE/ANGELA MARIE"), Angela);
        var first = ProofComparer.Compare(Proof(nameLine: "MLLE/SAMPLE/ANGELA"), Angela);
        var second = ProofComparer.Compare(Proof(nameLine: "MLLE/SAMPLE/MARIE"), Angela);

        Assert.Equal(FieldMatch.Matches, comparison.GivenNames);
        Assert.Equal(FieldMatch.Matches, first.GivenNames);
        Assert.Equal(FieldMatch.Differs, second.GivenNames);
    }

    [Fact]
    public void A_different_surname_differs()
    {
        Assert.Equal(FieldMatch.Differs, ProofComparer.Compare(Proof(nameLine: "MLLE/EXAMPLE/ANGELA"), Angela).Surname);
    }

    [Fact]
    public void The_usage_name_on_the_code_matches()
    {
        var married = Angela with { UsageName = "Dupont-Durand" };

        Assert.Equal(FieldMatch.Matches, ProofComparer.Compare(Proof(nameLine: "MME/DUPONT DURAND/ANGELA"), married).Surname);
    }

    [Theory]
    [InlineData("MLLE SAMPLE ANGELA")]
    [InlineData("ANGELA SAMPLE")]
    [InlineData("M ET MME SAMPLE ANGELA")]
    public void A_name_line_without_separators_is_matched_word_by_word(string line)
    {
        var comparison = ProofComparer.Compare(Proof(nameLine: line), Angela);

        Assert.Equal(FieldMatch.Matches, comparison.Surname);
        Assert.Equal(FieldMatch.Matches, comparison.GivenNames);
    }

    [Fact]
    public void A_name_line_with_the_surname_only_leaves_the_given_names_absent()
    {
        var comparison = ProofComparer.Compare(Proof(nameLine: "MLLE SAMPLE"), Angela);

        Assert.Equal(FieldMatch.Matches, comparison.Surname);
        Assert.Equal(FieldMatch.Absent, comparison.GivenNames);
    }

    [Fact]
    public void Separate_title_given_name_and_surname_fields_are_compared()
    {
        var proof = new ProofOfAddress { Title = "MLLE", GivenNames = "ANGELA", Surname = "SAMPLE" };

        var comparison = ProofComparer.Compare(proof, Angela);

        Assert.Equal(FieldMatch.Matches, comparison.Surname);
        Assert.Equal(FieldMatch.Matches, comparison.GivenNames);
        Assert.Equal(FieldMatch.Absent, comparison.StreetLine);
    }

    [Fact]
    public void Accents_case_and_punctuation_do_not_count_in_names()
    {
        var form = new DeclaredHolder("Lefèvre-Ôzil", ["Jean-Noël"], null, null, null);

        var comparison = ProofComparer.Compare(Proof(nameLine: "M/LEFEVRE OZIL/JEAN NOEL"), form);

        Assert.Equal(FieldMatch.Matches, comparison.Surname);
        Assert.Equal(FieldMatch.Matches, comparison.GivenNames);
    }

    [Fact]
    public void Normalising_gives_capitals_without_diacritics_and_single_spaces()
    {
        Assert.Equal("7 BIS PLACE DE L EGLISE", ProofComparer.Normalise("  7 bis, Place de l'Église "));
    }

    [Fact]
    public void A_proof_issued_more_than_a_year_before_lodging_is_old()
    {
        var header = new TwoDDocHeader(4, "FR0T", "A012", new DateOnly(2024, 3, 5), new DateOnly(2024, 3, 11), "01", "01", "FR");

        Assert.False(ProofAge.IsOlderThanOneYear(header, new DateOnly(2025, 3, 5)));
        Assert.True(ProofAge.IsOlderThanOneYear(header, new DateOnly(2025, 3, 6)));
        Assert.Null(ProofAge.IsOlderThanOneYear(header with { IssueDate = null, SignatureDate = null }, new DateOnly(2025, 3, 6)));
    }
}
