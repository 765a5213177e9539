using System.Text.RegularExpressions;
using CsCheck;
using PreDemande.Core.Forms;
using PreDemande.Core.Geography;

using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Core;

/// <summary>The form validator on its own: no app, no storage, a fixed day.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed partial class FormValidatorTests
{
    private static readonly DateOnly Today = new(2026, 12, 3);
    private static readonly FormValidator Validator = new(Communes.Default);

    private static PreApplicationForm Valid() => new()
    {
        Titles = ["passport"],
        Reason = "first",
        Applicant = new Applicant
        {
            Surname = "LŒUVRE",
            GivenNames = ["ÉLODIE", "MARIE-ANNE"],
            Sex = "F",
            BirthDate = "1990-04-12",
            BirthPlace = new BirthPlace { CommuneCode = "69123", CommuneName = "LYON" },
            HeightCm = 168,
            EyeColour = "brown",
            Nationality = new Nationality { Basis = "birth" },
        },
        Parents =
        [
            new Parent { Surname = "LŒUVRE", GivenNames = ["JEAN"], BirthDate = "1960-02-01", BirthPlace = new BirthPlace { CommuneCode = "75056", CommuneName = "PARIS" }, French = true },
            new Parent { Unknown = true },
        ],
        Address = new Address { Line1 = "12 RUE DE LA ROQUETTE", Postcode = "75011", City = "PARIS", CountryCode = "FR" },
        Contact = new Contact { Email = "elodie.loeuvre@example.org", Mobile = "+33612345678", SmsConsent = true },
        TaxStamp = new TaxStamp { Number = "1234567890123456" },
    };

    [Fact]
    public void A_complete_adult_passport_form_is_valid_with_its_fee()
    {
        var outcome = Validator.Validate(Valid(), Today);

        Assert.True(outcome.IsValid, string.Join("; ", outcome.Errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        Assert.Equal(86, outcome.Fee!.AmountEur);
    }

    [Fact]
    public void No_body_is_one_error_on_the_whole_document()
    {
        var outcome = Validator.Validate(null, Today);

        Assert.False(outcome.IsValid);
        Assert.Equal(["$"], outcome.Errors.Fields);
    }

    [Fact]
    public void An_empty_form_names_every_missing_part_at_once()
    {
        var fields = Validator.Validate(new PreApplicationForm(), Today).Errors.Fields.ToHashSet();

        Assert.Superset(new HashSet<string> { "titles", "reason", "applicant", "address", "contact" }, fields);
    }

    [Theory]
    [InlineData("loeuvre", "applicant.surname")]
    [InlineData("L0EUVRE", "applicant.surname")]
    [InlineData("2027-01-01", "applicant.birthDate")]
    [InlineData("1990-02-30", "applicant.birthDate")]
    public void A_wrong_value_is_reported_on_its_own_field(string value, string field)
    {
        var form = Valid();
        form = field == "applicant.surname"
            ? form with { Applicant = form.Applicant! with { Surname = value } }
            : form with { Applicant = form.Applicant! with { BirthDate = value } };

        var outcome = Validator.Validate(form, Today);

        Assert.False(outcome.IsValid);
        Assert.Contains(field, outcome.Errors.Fields);
    }

    private static readonly Gen<string> Letter = Gen.OneOf("A", "B", "E", "L", "M", "R", "Z", "É", "È", "Ç", "Œ", "Ï");

    /// <summary>A French name: one to three parts of capitals (with French diacritics), joined by a hyphen, an apostrophe or a space.</summary>
    private static readonly Gen<string> Name =
        Gen.Select(Letter.Array[1, 8].Select(string.Concat).Array[1, 3], Gen.OneOf("-", "'", " "), (parts, joint) => string.Join(joint, parts));

    /// <summary>An adult's birth date after the parent of <see cref="Valid"/> was born (1960-02-01): the validator checks the order.</summary>
    private static readonly Gen<string> BirthDate =
        Gen.Int[0, 365 * 47].Select(days => new DateOnly(1961, 1, 1).AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Any_well_formed_adult_form_is_valid_and_its_normalised_form_is_a_fixed_point()
    {
        Gen.Select(Name, Name.Array[1, FieldLimits.GivenNameCount], BirthDate, Gen.Int[FieldLimits.MinHeightCm, FieldLimits.MaxHeightCm], Gen.OneOf(" ", "  ", "\t", ""), (surname, givenNames, birthDate, height, padding) => (surname, givenNames, birthDate, height, padding))
            .Sample(t =>
            {
                var (surname, givenNames, birthDate, height, padding) = t;
                var form = Valid() with
                {
                    Applicant = Valid().Applicant! with { Surname = padding + surname + padding, GivenNames = givenNames, BirthDate = birthDate, HeightCm = height },
                };

                var first = Validator.Validate(form, Today);
                Assert.True(first.IsValid, $"{surname} / {string.Join(",", givenNames)} / {birthDate}: {string.Join("; ", first.Errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))}");
                Assert.Equal(surname, first.Form!.Applicant!.Surname);

                var again = Validator.Validate(first.Form, Today);
                Assert.True(again.IsValid);
                Assert.Equal(first.Fee, again.Fee);
                Assert.Equivalent(first.Form, again.Form, strict: true);
            },
            iter: 300);
    }

    [Fact]
    public void A_height_is_accepted_exactly_within_its_limits()
    {
        Gen.Int[-1000, 1000].Sample(height =>
        {
            var form = Valid() with { Applicant = Valid().Applicant! with { HeightCm = height } };

            var heightRejected = Validator.Validate(form, Today).Errors.Fields.Contains("applicant.heightCm");

            Assert.Equal(height is < FieldLimits.MinHeightCm or > FieldLimits.MaxHeightCm, heightRejected);
        },
        iter: 500);
    }

    [Fact]
    public void A_surname_longer_than_its_limit_is_refused_whatever_its_letters()
    {
        Letter.Array[FieldLimits.NameLength + 1, FieldLimits.NameLength + 50].Select(string.Concat).Sample(surname =>
        {
            var form = Valid() with { Applicant = Valid().Applicant! with { Surname = surname } };

            Assert.Contains("applicant.surname", Validator.Validate(form, Today).Errors.Fields);
        },
        iter: 100);
    }

    [Fact]
    public void Any_text_in_any_field_gets_an_answer_and_every_error_is_keyed_by_a_json_path()
    {
        var text = Gen.OneOf<string>(Gen.String, Gen.OneOf<string>(null!, "", " ", "\u202E", "ÉÉ", "0", "-1", "9999-99-99", "passport", "idCard", "renewal", "+33612345678"));
        Gen.Select(text, text, text, text, text, text, text, text, (a, b, c, d, e, f, g, h) => (Titles: a, Reason: b, Surname: c, BirthDate: d, Postcode: e, Mobile: f, Email: g, Stamp: h))
            .Sample(t =>
            {
                var form = Valid() with
                {
                    Titles = t.Titles is null ? null : [t.Titles],
                    Reason = t.Reason,
                    Applicant = Valid().Applicant! with { Surname = t.Surname, BirthDate = t.BirthDate },
                    Address = Valid().Address! with { Postcode = t.Postcode },
                    Contact = Valid().Contact! with { Mobile = t.Mobile, Email = t.Email },
                    TaxStamp = new TaxStamp { Number = t.Stamp },
                };

                var outcome = Validator.Validate(form, Today);

                Assert.Equal(outcome.Errors.IsEmpty, outcome.IsValid);
                Assert.All(outcome.Errors.Fields, field => Assert.Matches(JsonPath(), field));
                Assert.All(outcome.Errors.ToDictionary().Values, messages => Assert.All(messages, m => Assert.False(string.IsNullOrWhiteSpace(m))));
            },
            iter: 1000);
    }

    [GeneratedRegex(@"^[a-zA-Z]+(\[\d+\])?(\.[a-zA-Z]+(\[\d+\])?)*$")]
    private static partial Regex JsonPath();
}
