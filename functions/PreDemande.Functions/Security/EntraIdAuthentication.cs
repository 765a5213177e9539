using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using PreDemande.Functions.Problems;

using PreDemande.Functions.Settings;

namespace PreDemande.Functions.Security;

/// <summary>
/// Entra ID bearer tokens (<c>PreDemande:EntraId</c>), for clients that call with a managed
/// identity or an application registration instead of an API key. Off unless an audience and an
/// authority (or a tenant id) are set.
/// </summary>
public sealed class EntraIdOptions : ICheckedSettings
{
    public const string Section = "PreDemande:EntraId";

    /// <summary>The token issuer's base address; default <c>{Instance}{TenantId}/v2.0</c>.</summary>
    public string? Authority { get; set; }

    public string Instance { get; set; } = "https://login.microsoftonline.com/";

    public string? TenantId { get; set; }

    /// <summary>The API's application id URI or client id, as the tokens carry it in <c>aud</c>.</summary>
    public string? Audience { get; set; }

    /// <summary>Only for a local issuer in tests or development.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Audience) && (!string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(TenantId));

    /// <summary>Half a configuration (an audience without an issuer, or the reverse) is refused rather than silently off.</summary>
    public IReadOnlyList<string> Problems()
    {
        var issuer = !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(TenantId);
        if (string.IsNullOrWhiteSpace(Audience) != !issuer)
        {
            return [$"{Section}: set both Audience and Authority (or TenantId) to accept Entra ID tokens, or neither."];
        }

        return Enabled && !Uri.TryCreate(EffectiveAuthority, UriKind.Absolute, out _)
            ? [$"{Section}:Authority '{EffectiveAuthority}' is not an absolute address."]
            : [];
    }

    public string EffectiveAuthority => !string.IsNullOrWhiteSpace(Authority) ? Authority.TrimEnd('/') : $"{Instance.TrimEnd('/')}/{TenantId}/v2.0";
}

/// <summary>
/// Turns a validated token into the same client identity an API key gives: the role from the
/// token's app roles (<c>Portal</c>, <c>Mairie</c>, <c>Prefecture</c>, <c>Booking</c>: exactly
/// one), the client id and scope from the client declared with that application id.
/// </summary>
public static partial class EntraIdAuthentication
{
    public static void Configure(JwtBearerOptions jwt, EntraIdOptions entra, IReadOnlyList<ClientOptions> clients)
    {
        jwt.Authority = entra.EffectiveAuthority;
        jwt.Audience = entra.Audience;
        jwt.RequireHttpsMetadata = entra.RequireHttpsMetadata;
        jwt.MapInboundClaims = false;
        if (!string.IsNullOrWhiteSpace(entra.TenantId))
        {
            // v2 tokens, and v1 tokens for an API registration that still issues them.
            jwt.TokenValidationParameters.ValidIssuers = [$"{entra.Instance.TrimEnd('/')}/{entra.TenantId}/v2.0", $"https://sts.windows.net/{entra.TenantId}/"];
        }

        var byApplication = clients.Where(c => !string.IsNullOrWhiteSpace(c.ApplicationId))
            .ToDictionary(c => c.ApplicationId!.Trim(), StringComparer.OrdinalIgnoreCase);
        jwt.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                var token = context.Principal!;
                var application = token.FindFirst("azp")?.Value ?? token.FindFirst("appid")?.Value;
                var roles = token.FindAll("roles").Select(r => Enum.TryParse<ClientRole>(r.Value, out var role) ? role : (ClientRole?)null).OfType<ClientRole>().Distinct().ToArray();
                var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EntraIdAuthentication));
                if (application is null || roles.Length > 1)
                {
                    LogRefused(logger, application ?? "(none)", roles.Length);
                    context.Fail("A token acts for one application with one role.");
                    return Task.CompletedTask;
                }

                var declared = byApplication.GetValueOrDefault(application);
                var id = declared?.Id ?? $"app:{application}";
                context.Principal = roles.Length == 1
                    ? new ClientIdentity(id, roles[0], declared?.Scope).ToPrincipal(JwtBearerDefaults.AuthenticationScheme)
                    : new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClientIdentity.IdClaim, id)], JwtBearerDefaults.AuthenticationScheme, ClientIdentity.IdClaim, ClaimTypes.Role));
                return Task.CompletedTask;
            },
            OnChallenge = async context =>
            {
                context.HandleResponse();
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await ProblemResults.Unauthorized("Jeton d'accès absent, expiré ou non destiné à cette API.").ExecuteAsync(context.HttpContext);
            },
        };
    }

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Token of application {Application} refused: it carries {Roles} roles of this API (one expected)")]
    private static partial void LogRefused(ILogger logger, string application, int roles);
}

/// <summary>Binds <see cref="JwtBearerOptions"/> from <see cref="EntraIdOptions"/> and the declared clients.</summary>
public sealed class ConfigureEntraId(IOptions<EntraIdOptions> entra, IOptions<PreDemandeClientsOptions> clients) : IConfigureNamedOptions<JwtBearerOptions>
{
    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name == JwtBearerDefaults.AuthenticationScheme && entra.Value.Enabled)
        {
            EntraIdAuthentication.Configure(options, entra.Value, clients.Value.Clients);
        }
    }

    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
}
