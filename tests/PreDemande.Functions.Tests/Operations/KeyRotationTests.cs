using System.Net;
using PreDemande.Functions.Security;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Operations;

/// <summary>
/// A mairie whose key is being rotated (its key and its next key both configured), and one whose
/// next key is an unresolved Key Vault reference (no rotation under way).
/// </summary>
public sealed class RotationFactory : PreDemandeFactory
{
    public const string OldKey = "rotating-mairie-old-key";
    public const string NewKey = "rotating-mairie-new-key";
    public const string SteadyKey = "steady-mairie-key";

    protected override bool RunsTriggers => false;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        .. base.Settings(),
        new("PreDemande:Clients:0:Id", "mairie-rotating"),
        new("PreDemande:Clients:0:Role", "Mairie"),
        new("PreDemande:Clients:0:Scope", "75056"),
        new("PreDemande:Clients:0:KeySha256", ApiKeyAuthentication.Hash(OldKey)),
        new("PreDemande:Clients:0:NextKeySha256", ApiKeyAuthentication.Hash(NewKey).ToUpperInvariant()),
        new("PreDemande:Clients:1:Id", "mairie-steady"),
        new("PreDemande:Clients:1:Role", "Mairie"),
        new("PreDemande:Clients:1:Scope", "33063"),
        new("PreDemande:Clients:1:KeySha256", ApiKeyAuthentication.Hash(SteadyKey)),
        new("PreDemande:Clients:1:NextKeySha256", "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/client-mairie-steady-next-key-sha256/)"),
    ];
}

[Trait(Tier.Name, Tier.Http)]
public sealed class KeyRotationTests(RotationFactory app) : IClassFixture<RotationFactory>
{
    [Fact]
    public async Task During_a_rotation_the_old_and_the_new_key_both_act_as_the_same_mairie()
    {
        var number = await app.SubmitAsync();

        var withOld = await app.ClientWithKey(RotationFactory.OldKey).GetAsync($"/api/dr/predemandes/{number}");
        var withNew = await app.ClientWithKey(RotationFactory.NewKey).GetAsync($"/api/dr/predemandes/{number}");
        var withNewAsPortal = await app.ClientWithKey(RotationFactory.NewKey).GetAsync($"/api/predemandes/{number}");

        Assert.Equal(HttpStatusCode.OK, withOld.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withNew.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, withNewAsPortal.StatusCode);
        var audit = await app.AuditOfNumberAsync(number);
        Assert.Equal(2, audit.Count(r => r.GetString("Client") == "mairie-rotating"));
    }

    [Fact]
    public async Task A_next_key_that_is_not_a_hash_is_ignored_and_the_client_keeps_its_key()
    {
        var number = await app.SubmitAsync();

        var steady = await app.ClientWithKey(RotationFactory.SteadyKey).GetAsync($"/api/dr/predemandes/{number}");
        var reference = await app.ClientWithKey("@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/client-mairie-steady-next-key-sha256/)").GetAsync($"/api/dr/predemandes/{number}");
        var unknown = await app.ClientWithKey("some-other-key").GetAsync($"/api/dr/predemandes/{number}");

        Assert.Equal(HttpStatusCode.OK, steady.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, reference.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
    }

    [Fact]
    public void A_next_key_equal_to_a_key_in_use_is_refused_at_start()
    {
        var hash = ApiKeyAuthentication.Hash("shared");
        var settings = new PreDemandeClientsOptions
        {
            Clients =
            [
                new ClientOptions { Id = "a", Role = ClientRole.Portal, KeySha256 = ApiKeyAuthentication.Hash("a") },
                new ClientOptions { Id = "b", Role = ClientRole.Booking, KeySha256 = ApiKeyAuthentication.Hash("b"), NextKeySha256 = ApiKeyAuthentication.Hash("a").ToUpperInvariant() },
                new ClientOptions { Id = "c", Role = ClientRole.Booking, KeySha256 = hash, NextKeySha256 = hash },
            ],
        };

        var problems = settings.Problems();

        Assert.Equal(2, problems.Count(p => p.Contains("API key hash is given 2 times", StringComparison.Ordinal)));
    }
}
