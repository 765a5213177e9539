using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using PreDemande.Core.Geography;
using PreDemande.Functions.Security;

namespace PreDemande.Functions.Operations;

/// <summary>A new client's key (shown once) and what to configure for it.</summary>
public sealed record NewClient(string Id, ClientRole Role, string? Scope, string Key, string KeySha256)
{
    /// <summary>The entry of the <c>clients</c> parameter of infra/main.parameters.json.</summary>
    public JsonObject Parameter()
    {
        var entry = new JsonObject { ["id"] = Id, ["role"] = Role.ToString() };
        if (Scope is not null)
        {
            entry["scope"] = Scope;
        }

        return entry;
    }

    /// <summary>The Key Vault secret that holds the key's hash in Azure (<c>next</c>: during a rotation).</summary>
    public string SecretName(bool next = false) => $"client-{Id}-{(next ? "next-" : string.Empty)}key-sha256";
}

/// <summary>
/// Onboards a client (a mairie by its INSEE code, a préfecture by its départements, a portal or a
/// booking tool) or rotates a client's key: draws a 256-bit key, which is printed once and never
/// stored, and gives its SHA-256 with the settings or Key Vault secret to set.
/// </summary>
public static class ClientOnboarding
{
    public static NewClient Create(string id, ClientRole role, string? scope, Communes communes)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 60 || !id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new ArgumentException("--id: 1 to 60 lower-case letters, digits or hyphens (it names the Key Vault secret).", nameof(id));
        }

        var normalisedScope = role switch
        {
            ClientRole.Mairie => MairieScope(scope, communes),
            ClientRole.Prefecture => PrefectureScope(scope, communes),
            _ when !string.IsNullOrWhiteSpace(scope) => throw new ArgumentException($"--scope: a {role} client has no scope.", nameof(scope)),
            _ => null,
        };

        var key = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return new NewClient(id, role, normalisedScope, key, ApiKeyAuthentication.Hash(key));
    }

    private static string MairieScope(string? scope, Communes communes)
    {
        var code = scope?.Trim().ToUpperInvariant();
        if (!ClientIdentity.IsCommuneCode(code) || communes.ByCode(code!).Count == 0)
        {
            throw new ArgumentException("--scope: a mairie's INSEE commune code (75056, 2A004), known in the commune data.", nameof(scope));
        }

        return code!;
    }

    private static string PrefectureScope(string? scope, Communes communes)
    {
        var codes = (scope ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(c => c.ToUpperInvariant()).ToArray();
        var known = communes.DepartementCodes.Select(c => c.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        if (codes.Length == 0 || codes.Any(c => !known.Contains(c)))
        {
            throw new ArgumentException("--scope: the préfecture's département codes, comma-separated (75 or 33,24 or 2A,2B).", nameof(scope));
        }

        return string.Join(',', codes);
    }
}
