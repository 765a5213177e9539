using PreDemande.Functions.Settings;

namespace PreDemande.Functions.Http;

/// <summary>
/// Browser front ends allowed to call the API from another origin, section <c>PreDemande:Cors</c>
/// (default: none). For clients that authenticate with Entra ID tokens (a DR or CERT console);
/// API keys are for server-to-server calls and never belong in a browser.
/// </summary>
public sealed class CorsSettings : ICheckedSettings
{
    public const string Section = "PreDemande:Cors";
    public const string PolicyName = "browser-clients";

    public string[] AllowedOrigins { get; set; } = [];

    public IReadOnlyList<string> Problems() =>
        AllowedOrigins
            .Where(o => !Uri.TryCreate(o, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query)
                || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
            .Select(o => $"{Section}:AllowedOrigins: '{o}' is not an origin (https://host[:port], or http on localhost).")
            .ToArray();
}

public static class CorsRegistration
{
    public static IServiceCollection AddPreDemandeCors(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CorsSettings>().Bind(configuration.GetSection(CorsSettings.Section)).Checked();
        services.AddCors();
        // The policy from the bound settings, read when the options are first used (not at registration).
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<Microsoft.Extensions.Options.IOptions<CorsSettings>>((cors, settings) =>
            cors.AddPolicy(CorsSettings.PolicyName, policy => policy
                .WithOrigins([.. settings.Value.AllowedOrigins.Select(origin => origin.TrimEnd('/'))])
                .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
                .WithHeaders("Authorization", "Content-Type", "If-Match", "Idempotency-Key", ApplicantAccountHeader)
                .WithExposedHeaders("ETag", "Location", "Retry-After", "Idempotent-Replayed", "RateLimit", "RateLimit-Policy")
                .SetPreflightMaxAge(TimeSpan.FromHours(1))));
        return services;
    }

    private const string ApplicantAccountHeader = PreApplications.ApplicantAccount.Header;
}
