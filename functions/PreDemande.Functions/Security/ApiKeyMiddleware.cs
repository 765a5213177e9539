using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PreDemande.Functions.Problems;

namespace PreDemande.Functions.Security;

/// <summary>
/// Checks the API key of endpoints that carry a <see cref="ClientRequirement"/>: missing or
/// unknown key 401, known client with another role 403. Keys are compared by their SHA-256 and
/// never logged.
/// </summary>
public sealed partial class ApiKeyMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ILogger<ApiKeyMiddleware> _logger;
    private readonly FrozenDictionary<string, ClientIdentity> _clientsByKeyHash;

    public ApiKeyMiddleware(RequestDelegate next, IOptions<PreDemandeClientsOptions> options, ILogger<ApiKeyMiddleware> logger)
    {
        _next = next;
        _logger = logger;
        _clientsByKeyHash = options.Value.Clients
            .Where(c => !string.IsNullOrWhiteSpace(c.KeySha256))
            .ToFrozenDictionary(c => c.KeySha256.Trim().ToLowerInvariant(), c => new ClientIdentity(c.Id, c.Role, c.Scope), StringComparer.Ordinal);
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var requirement = context.GetEndpoint()?.Metadata.GetMetadata<ClientRequirement>();
        if (requirement is null)
        {
            await _next(context);
            return;
        }

        var key = context.Request.Headers[requirement.Header].ToString();
        if (string.IsNullOrEmpty(key) || !_clientsByKeyHash.TryGetValue(Hash(key), out var client))
        {
            LogRejected(_logger, context.Request.Path, string.IsNullOrEmpty(key) ? "missing" : "unknown");
            context.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{requirement.Header}\"";
            await (requirement.Unauthorized ?? ProblemResults.Unauthorized($"Clé d'API absente ou inconnue (en-tête {requirement.Header}).")).ExecuteAsync(context);
            return;
        }

        if (!requirement.Roles.Contains(client.Role))
        {
            LogForbidden(_logger, client.Id, client.Role, context.Request.Path);
            await ProblemResults.Forbidden($"Le rôle {client.Role} ne permet pas cette opération.").ExecuteAsync(context);
            return;
        }

        context.Features.Set(client);
        await _next(context);
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Request to {Path} rejected: {Reason} API key")]
    private static partial void LogRejected(ILogger logger, PathString path, string reason);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Client {ClientId} with role {Role} may not call {Path}")]
    private static partial void LogForbidden(ILogger logger, string clientId, ClientRole role, PathString path);
}

public static class ClientIdentityExtensions
{
    /// <summary>The authenticated caller; only on endpoints that declare a <see cref="ClientRequirement"/>.</summary>
    public static ClientIdentity Client(this HttpContext context) =>
        context.Features.Get<ClientIdentity>() ?? throw new InvalidOperationException("This endpoint declares no client requirement.");
}
