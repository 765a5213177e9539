using PreDemande.Functions.Security;

namespace PreDemande.Functions.Tests.Infrastructure;

/// <summary>The API keys the test app knows, one per role.</summary>
public static class TestClients
{
    public const string PortalKey = "test-portal-key";
    public const string MairieKey = "test-mairie-75056-key";
    public const string OtherMairieKey = "test-mairie-69123-key";
    public const string PrefectureKey = "test-prefecture-75-key";
    public const string BookingKey = "test-booking-key";
    public const string BordeauxKey = "test-mairie-33063-key";
    public const string PerigueuxKey = "test-mairie-24322-key";
    public const string CertAquitaineKey = "test-cert-aquitaine-key";
    public const string LuteceKey = "test-booking-lutece-key";

    public static IEnumerable<KeyValuePair<string, string?>> Settings()
    {
        var clients = new (string Id, ClientRole Role, string? Scope, string Key)[]
        {
            ("test-portal", ClientRole.Portal, null, PortalKey),
            ("test-mairie-paris", ClientRole.Mairie, "75056", MairieKey),
            ("test-mairie-lyon", ClientRole.Mairie, "69123", OtherMairieKey),
            ("test-prefecture-paris", ClientRole.Prefecture, "75", PrefectureKey),
            ("test-booking", ClientRole.Booking, null, BookingKey),
            ("test-mairie-bordeaux", ClientRole.Mairie, "33063", BordeauxKey),
            ("test-mairie-perigueux", ClientRole.Mairie, "24322", PerigueuxKey),
            ("test-cert-aquitaine", ClientRole.Prefecture, "33,24", CertAquitaineKey),
            ("test-booking-lutece", ClientRole.Booking, null, LuteceKey),
        };
        for (var i = 0; i < clients.Length; i++)
        {
            var prefix = $"PreDemande:Clients:{i + 10}:";
            yield return new(prefix + "Id", clients[i].Id);
            yield return new(prefix + "Role", clients[i].Role.ToString());
            yield return new(prefix + "Scope", clients[i].Scope);
            yield return new(prefix + "KeySha256", ApiKeyAuthentication.Hash(clients[i].Key));
        }
    }

    /// <summary>The same settings as environment variables, as a process started by a host receives them.</summary>
    public static Dictionary<string, string> EnvironmentVariables() =>
        Settings().Where(s => s.Value is not null).ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
}
