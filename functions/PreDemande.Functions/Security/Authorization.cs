using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Options;
using PreDemande.Functions.Problems;

using PreDemande.Functions.Settings;

namespace PreDemande.Functions.Security;

/// <summary>Who may call what: one policy per client role, put on the route groups.</summary>
public static class Policies
{
    public const string Portal = nameof(ClientRole.Portal);
    public const string Mairie = nameof(ClientRole.Mairie);
    public const string Prefecture = nameof(ClientRole.Prefecture);
    public const string Booking = nameof(ClientRole.Booking);

    /// <summary>The recap: the portal's applicant, or a mairie printing it.</summary>
    public const string PortalOrMairie = "PortalOrMairie";
}

/// <summary>The authentication schemes.</summary>
public static class Schemes
{
    /// <summary><c>X-Api-Key</c>.</summary>
    public const string ApiKey = "ApiKey";

    /// <summary><c>x-rdv-opt-auth-token</c>, as the ANTS coordination API takes it from booking tools.</summary>
    public const string BookingToken = "BookingToken";

    /// <summary>An Entra ID bearer token when the request has one, else the API key.</summary>
    public const string Clients = "Clients";

    /// <summary>An Entra ID bearer token when the request has one, else the booking token.</summary>
    public const string BookingClients = "BookingClients";

    public const string Bearer = JwtBearerDefaults.AuthenticationScheme;
}

public static class SecurityServices
{
    public static IServiceCollection AddPreDemandeSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PreDemandeClientsOptions>().Bind(configuration.GetSection("PreDemande")).Checked();
        services.AddSingleton<ApiKeyDirectory>();
        services.AddOptions<EntraIdOptions>().Bind(configuration.GetSection(EntraIdOptions.Section)).Checked();
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, ConfigureEntraId>();
        services.AddAuthentication(Schemes.Clients)
            .AddScheme<ApiKeyOptions, ApiKeyAuthentication>(Schemes.ApiKey, o => o.Header = ApiKeyAuthentication.ApiKeyHeader)
            .AddScheme<ApiKeyOptions, ApiKeyAuthentication>(Schemes.BookingToken, o => o.Header = ApiKeyAuthentication.BookingHeader)
            .AddPolicyScheme(Schemes.Clients, "API key or Entra ID token", o => o.ForwardDefaultSelector = context => Select(context, Schemes.ApiKey))
            .AddPolicyScheme(Schemes.BookingClients, "Booking token or Entra ID token", o => o.ForwardDefaultSelector = context => Select(context, Schemes.BookingToken))
            // Only used when PreDemande:EntraId is set (see Select).
            .AddJwtBearer();
        WithoutKeyRingAtStart(services);

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Portal, p => p.AddAuthenticationSchemes(Schemes.Clients).RequireRole(Policies.Portal))
            .AddPolicy(Policies.Mairie, p => p.AddAuthenticationSchemes(Schemes.Clients).RequireRole(Policies.Mairie).RequireClaim(ClientIdentity.ScopeClaim))
            .AddPolicy(Policies.Prefecture, p => p.AddAuthenticationSchemes(Schemes.Clients).RequireRole(Policies.Prefecture).RequireClaim(ClientIdentity.ScopeClaim))
            .AddPolicy(Policies.Booking, p => p.AddAuthenticationSchemes(Schemes.BookingClients).RequireRole(Policies.Booking))
            .AddPolicy(Policies.PortalOrMairie, p => p.AddAuthenticationSchemes(Schemes.Clients).RequireRole(Policies.Portal, Policies.Mairie));
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ForbiddenAsProblem>();
        return services;
    }

    /// <summary>
    /// <c>AddAuthentication</c> registers data protection with a hosted service that loads (or
    /// creates and writes) its key ring at every start. Nothing in the app protects data (no
    /// cookie, no antiforgery token): the start does without it (about 15 million instructions
    /// and a read of the key folder before the first ready answer).
    /// </summary>
    internal static void WithoutKeyRingAtStart(IServiceCollection services)
    {
        var keyRing = services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Namespace == KeyRingLoaderNamespace).ToArray();
        foreach (var descriptor in keyRing)
        {
            services.Remove(descriptor);
        }
    }

    /// <summary>The namespace of data protection's hosted service (<c>DataProtectionHostedService</c>).</summary>
    internal const string KeyRingLoaderNamespace = "Microsoft.AspNetCore.DataProtection.Internal";

    // A bearer token goes to Entra ID when it is configured; anything else to the key's scheme.
    private static string Select(HttpContext context, string keyScheme) =>
        context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        && context.RequestServices.GetRequiredService<IOptions<EntraIdOptions>>().Value.Enabled
            ? Schemes.Bearer
            : keyScheme;
}

/// <summary>
/// A known client that may not call an endpoint gets a 403 problem saying why (its role, or no
/// scope declared for it), whichever scheme authenticated it; everything else as ASP.NET Core does.
/// </summary>
public sealed partial class ForbiddenAsProblem(ILogger<ForbiddenAsProblem> logger) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        var client = ClientIdentity.From(context.User);
        var failed = authorizeResult.AuthorizationFailure?.FailedRequirements ?? [];
        var detail = failed.Any(r => r is RolesAuthorizationRequirement)
            ? client is null ? "Ce client n'a aucun rôle de cette API." : $"Le rôle {client.Role} ne permet pas cette opération."
            : "Aucun périmètre (commune ou départements) n'est déclaré pour ce client.";
        LogForbidden(logger, client?.Id ?? context.User.Identity?.Name ?? "?", client?.Role.ToString() ?? "none", context.Request.Path);
        await ProblemResults.Forbidden(detail).ExecuteAsync(context);
    }

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Client {ClientId} with role {Role} may not call {Path}")]
    private static partial void LogForbidden(ILogger logger, string clientId, string role, PathString path);
}
