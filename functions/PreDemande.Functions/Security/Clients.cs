using System.Security.Claims;
using Microsoft.Extensions.Options;

using PreDemande.Functions.Settings;

namespace PreDemande.Functions.Security;

public enum ClientRole
{
    Portal,
    Mairie,
    Prefecture,
    Booking,
}

/// <summary>
/// A client declared in configuration (<c>PreDemande:Clients:N</c>). It proves who it is with an
/// API key (only the key's SHA-256 in hex is stored), with an Entra ID token of the application
/// <see cref="ApplicationId"/>, or both.
/// </summary>
public sealed class ClientOptions
{
    public string Id { get; set; } = string.Empty;

    public ClientRole Role { get; set; }

    /// <summary>A mairie's INSEE commune code; a préfecture's comma-separated département codes.</summary>
    public string? Scope { get; set; }

    public string? KeySha256 { get; set; }

    /// <summary>
    /// A second key hash accepted beside <see cref="KeySha256"/> while a key is rotated: the client
    /// moves to the new key without an outage, then the new hash becomes <see cref="KeySha256"/>
    /// and this one is removed. A value that is not a SHA-256 in hex (an unresolved Key Vault
    /// reference, when no rotation is under way) is ignored.
    /// </summary>
    public string? NextKeySha256 { get; set; }

    /// <summary>The key hashes this client is recognised by: its key, and during a rotation the next one.</summary>
    public IEnumerable<string> KeyHashes()
    {
        if (Normalised(KeySha256) is { } key)
        {
            yield return key;
        }

        if (Normalised(NextKeySha256) is { } next && IsSha256Hex(next))
        {
            yield return next;
        }
    }

    public static bool IsSha256Hex(string value) => value.Length == 64 && value.All(char.IsAsciiHexDigit);

    private static string? Normalised(string? hash) => string.IsNullOrWhiteSpace(hash) ? null : hash.Trim().ToLowerInvariant();

    /// <summary>The Entra ID application (client) id whose tokens act as this client: its id and scope come from here, its role from the token.</summary>
    public string? ApplicationId { get; set; }
}

public sealed class PreDemandeClientsOptions : ICheckedSettings
{
    public List<ClientOptions> Clients { get; set; } = [];

    /// <summary>
    /// What makes the client list unusable, checked at start-up: a mairie acts under its INSEE
    /// commune code (lodging, audit), so a mairie client without one is refused; ids, keys and
    /// application ids name one client each.
    /// </summary>
    public IReadOnlyList<string> Problems() =>
        Clients
            .Where(c => c.Role == ClientRole.Mairie && !ClientIdentity.IsCommuneCode(c.Scope))
            .Select(c => $"Client {c.Id}: a Mairie client needs Scope = its INSEE commune code (5 characters, e.g. 75056 or 2A004).")
            .Concat(Repeated(c => c.Id, "Client id {0} is declared {1} times."))
            .Concat(Clients.SelectMany(c => c.KeyHashes()).GroupBy(k => k, StringComparer.Ordinal).Where(g => g.Count() > 1)
                .Select(g => $"An API key hash is given {g.Count()} times (a key names one client, and differs from its next key)."))
            .Concat(Repeated(c => c.ApplicationId?.Trim().ToLowerInvariant(), "Application id {0} is given to {1} clients."))
            .ToArray();

    private IEnumerable<string> Repeated(Func<ClientOptions, string?> key, string message) =>
        Clients.Select(key).Where(k => !string.IsNullOrEmpty(k)).GroupBy(k => k, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => string.Format(System.Globalization.CultureInfo.InvariantCulture, message, g.Key, g.Count()));
}

/// <summary>
/// The caller of the current request, as authenticated by an API key or an Entra ID token.
/// Bound as an endpoint parameter from the request's user (endpoints that require a role only).
/// </summary>
public sealed record ClientIdentity(string Id, ClientRole Role, string? Scope)
{
    public const string IdClaim = "predemande:client";
    public const string ScopeClaim = "predemande:scope";

    /// <summary>The claims an authentication handler gives a recognised client.</summary>
    public ClaimsPrincipal ToPrincipal(string scheme)
    {
        var claims = new List<Claim> { new(IdClaim, Id), new(ClaimTypes.Role, Role.ToString()) };
        if (!string.IsNullOrEmpty(Scope))
        {
            claims.Add(new Claim(ScopeClaim, Scope));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, IdClaim, ClaimTypes.Role));
    }

    public static ClientIdentity? From(ClaimsPrincipal user) =>
        user.FindFirst(IdClaim)?.Value is { } id && Enum.TryParse<ClientRole>(user.FindFirst(ClaimTypes.Role)?.Value, out var role)
            ? new ClientIdentity(id, role, user.FindFirst(ScopeClaim)?.Value)
            : null;

    public static ValueTask<ClientIdentity?> BindAsync(HttpContext context) => ValueTask.FromResult(From(context.User));

    /// <summary>The départements of a préfecture's scope, lower case (<c>75</c>, <c>2a</c>, <c>971</c>).</summary>
    public IReadOnlySet<string> Departements =>
        (Scope ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);

    public static bool IsCommuneCode(string? scope) =>
        scope is { Length: 5 } && char.IsAsciiDigit(scope[0]) && (char.IsAsciiDigit(scope[1]) || scope[1] is 'A' or 'B') && scope[2..].All(char.IsAsciiDigit);
}
