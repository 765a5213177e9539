using PreDemande.Functions.Security;

using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Mairie;

[Trait(Tier.Name, Tier.Fast)]
public sealed class MairieClientsTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("75")]
    [InlineData("750560")]
    [InlineData("2C004")]
    public void A_mairie_client_without_an_insee_commune_code_as_scope_is_refused_at_start_up(string? scope)
    {
        var options = new PreDemandeClientsOptions { Clients = [new ClientOptions { Id = "dr-1", Role = ClientRole.Mairie, Scope = scope, KeySha256 = "ab" }] };

        var result = new PreDemande.Functions.Settings.CheckedSettingsValidation<PreDemandeClientsOptions>().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("dr-1", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Mairies_with_commune_codes_including_corsica_and_other_roles_without_scope_are_accepted_but_not_twice_the_same_id()
    {
        var options = new PreDemandeClientsOptions
        {
            Clients =
            [
                new ClientOptions { Id = "paris", Role = ClientRole.Mairie, Scope = "75056", KeySha256 = "a" },
                new ClientOptions { Id = "ajaccio", Role = ClientRole.Mairie, Scope = "2A004", KeySha256 = "b" },
                new ClientOptions { Id = "portal", Role = ClientRole.Portal, KeySha256 = "c" },
            ],
        };

        Assert.True(new PreDemande.Functions.Settings.CheckedSettingsValidation<PreDemandeClientsOptions>().Validate(null, options).Succeeded);
        options.Clients.Add(new ClientOptions { Id = "paris", Role = ClientRole.Booking, KeySha256 = "d" });
        Assert.Contains("paris", new PreDemande.Functions.Settings.CheckedSettingsValidation<PreDemandeClientsOptions>().Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }
}
