using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using PreDemande.Functions.Problems;

namespace PreDemande.Functions.Security;

/// <summary>An API-key scheme: which header carries the key, and the answer to a missing or unknown key.</summary>
public sealed class ApiKeyOptions : AuthenticationSchemeOptions
{
    public string Header { get; set; } = ApiKeyAuthentication.ApiKeyHeader;

    /// <summary>The 401 answer when a client contract fixes it (booking tools); default: a problem document.</summary>
    public IResult? Unauthorized { get; set; }
}

/// <summary>The declared clients by the SHA-256 of their key, built once.</summary>
public sealed class ApiKeyDirectory(IOptions<PreDemandeClientsOptions> options)
{
    private readonly FrozenDictionary<string, ClientIdentity> _byKeyHash = options.Value.Clients
        .SelectMany(c => c.KeyHashes().Select(hash => (Hash: hash, Client: new ClientIdentity(c.Id, c.Role, c.Scope))))
        .ToFrozenDictionary(c => c.Hash, c => c.Client, StringComparer.Ordinal);

    public ClientIdentity? Find(string key) => _byKeyHash.GetValueOrDefault(ApiKeyAuthentication.Hash(key));
}

/// <summary>
/// Recognises a client by its API key (compared by SHA-256, never logged): missing or unknown
/// key 401 with the scheme's answer. Roles and scope are then checked by the authorization policies.
/// </summary>
public sealed partial class ApiKeyAuthentication(IOptionsMonitor<ApiKeyOptions> options, ILoggerFactory loggers, UrlEncoder encoder, ApiKeyDirectory clients)
    : AuthenticationHandler<ApiKeyOptions>(options, loggers, encoder)
{
    public const string ApiKeyHeader = "X-Api-Key";
    public const string BookingHeader = "x-rdv-opt-auth-token";

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = Request.Headers[Options.Header].ToString();
        if (string.IsNullOrEmpty(key))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        return Task.FromResult(clients.Find(key) is { } client
            ? AuthenticateResult.Success(new AuthenticationTicket(client.ToPrincipal(Scheme.Name), Scheme.Name))
            : AuthenticateResult.Fail("Unknown API key"));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var present = Request.Headers.ContainsKey(Options.Header);
        LogRejected(Logger, Request.Path, present ? "unknown" : "missing", Options.Header);
        Response.Headers.WWWAuthenticate = $"ApiKey header=\"{Options.Header}\"";
        await (Options.Unauthorized ?? ProblemResults.Unauthorized($"Clé d'API absente ou inconnue (en-tête {Options.Header}).")).ExecuteAsync(Context);
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Request to {Path} rejected: {Reason} API key in {Header}")]
    private static partial void LogRejected(ILogger logger, PathString path, string reason, string header);
}
