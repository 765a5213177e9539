namespace PreDemande.Functions.Http;

/// <summary>
/// Headers on every answer: no content sniffing; nothing stored by a cache unless the endpoint
/// says otherwise (the answers carry personal data and documents); no framing and no active
/// content (everything but the development reference page, which runs its own script); HSTS over
/// HTTPS. The server does not name itself (Kestrel's <c>Server</c> header is off).
/// </summary>
public static class SafeHeaders
{
    public const string ReferencePath = "/api/reference";

    public const string Policy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public static IServiceCollection AddSafeHeaders(this IServiceCollection services) =>
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.AddServerHeader = false);

    public static IApplicationBuilder UseSafeHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(static state =>
        {
            var context = (HttpContext)state;
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            if (string.IsNullOrEmpty(headers.CacheControl))
            {
                headers.CacheControl = "no-store";
            }

            if (!context.Request.Path.StartsWithSegments(ReferencePath, StringComparison.OrdinalIgnoreCase))
            {
                headers.ContentSecurityPolicy = Policy;
                headers.XFrameOptions = "DENY";
            }

            if (context.Request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
            }

            return Task.CompletedTask;
        }, context);
        return next(context);
    });
}
