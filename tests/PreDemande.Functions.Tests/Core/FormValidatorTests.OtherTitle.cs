using PreDemande.Core.Forms;

namespace PreDemande.Functions.Tests.Core;

/// <summary>The optional "other title held" member.</summary>
public sealed partial class FormValidatorTests
{
    [Fact]
    public void An_absent_other_title_is_fine()
    {
        var outcome = Validator.Validate(Valid() with { OtherTitle = null }, Today);

        Assert.True(outcome.IsValid);
        Assert.Null(outcome.Form!.OtherTitle);
    }

    [Fact]
    public void An_other_title_with_a_known_type_and_an_expiry_ahead_is_kept()
    {
        var outcome = Validator.Validate(Valid() with { OtherTitle = new OtherTitle { Type = "idCard", ExpiryDate = "2031-05-20" } }, Today);

        Assert.True(outcome.IsValid);
        Assert.Equal(new OtherTitle { Type = "idCard", ExpiryDate = "2031-05-20" }, outcome.Form!.OtherTitle);
    }

    [Fact]
    public void An_other_title_of_an_unknown_type_is_an_error_on_its_type()
    {
        var outcome = Validator.Validate(Valid() with { OtherTitle = new OtherTitle { Type = "cni", ExpiryDate = "2024-05-20" } }, Today);

        Assert.Equal(["otherTitle.type"], outcome.Errors.Fields);
    }

    [Fact]
    public void An_other_title_with_a_malformed_expiry_date_is_an_error_on_that_date()
    {
        var outcome = Validator.Validate(Valid() with { OtherTitle = new OtherTitle { Type = "passport", ExpiryDate = "20/05/2024" } }, Today);

        Assert.Equal(["otherTitle.expiryDate"], outcome.Errors.Fields);
    }

    [Fact]
    public void An_other_title_expiring_more_than_15_years_ahead_is_an_error_on_its_date()
    {
        var outcome = Validator.Validate(Valid() with { OtherTitle = new OtherTitle { Type = "passport", ExpiryDate = "2042-12-04" } }, Today);

        Assert.Equal(["otherTitle.expiryDate"], outcome.Errors.Fields);
    }

    [Fact]
    public void An_other_title_without_its_members_names_both()
    {
        var outcome = Validator.Validate(Valid() with { OtherTitle = new OtherTitle() }, Today);

        Assert.Equal(["otherTitle.expiryDate", "otherTitle.type"], outcome.Errors.Fields.Order(StringComparer.Ordinal));
    }
}
