using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using PreDemande.Functions.Problems;

using PreDemande.Functions.Settings;

namespace PreDemande.Functions.Security;

/// <summary>One token bucket: a client may send <see cref="PermitsPerSecond"/> requests a second on average, <see cref="Burst"/> at once.</summary>
public sealed class RateLimit
{
    public int PermitsPerSecond { get; set; }

    public int Burst { get; set; }
}

/// <summary>
/// Limits per client, section <c>PreDemande:RateLimits</c>: each client (API key or token) has its
/// own bucket, sized by its role, so that one runaway portal or booking tool cannot starve the
/// mairies. Anonymous calls (health, the OpenAPI document, the host's invocations) are not limited.
/// </summary>
public sealed class RateLimitOptions : ICheckedSettings
{
    public const string Section = "PreDemande:RateLimits";

    public RateLimit Portal { get; set; } = new() { PermitsPerSecond = 200, Burst = 400 };

    public RateLimit Mairie { get; set; } = new() { PermitsPerSecond = 50, Burst = 100 };

    public RateLimit Prefecture { get; set; } = new() { PermitsPerSecond = 50, Burst = 100 };

    public RateLimit Booking { get; set; } = new() { PermitsPerSecond = 20, Burst = 40 };

    public RateLimit For(ClientRole role) => role switch
    {
        ClientRole.Portal => Portal,
        ClientRole.Mairie => Mairie,
        ClientRole.Prefecture => Prefecture,
        ClientRole.Booking => Booking,
    };

    public IReadOnlyList<string> Problems() =>
        Enum.GetValues<ClientRole>()
            .SelectMany(role => CheckedSettingsRegistration.Within($"{Section}:{role}:PermitsPerSecond", For(role).PermitsPerSecond, 1, 1_000_000)
                .Concat(CheckedSettingsRegistration.Within($"{Section}:{role}:Burst", For(role).Burst, 1, 1_000_000)))
            .ToArray();
}

public static partial class RateLimiting
{
    public static IServiceCollection AddPreDemandeRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).Checked();
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (ClientIdentity.From(context.User) is not { } client)
                {
                    return RateLimitPartition.GetNoLimiter("anonymous");
                }

                var limit = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value.For(client.Role);
                return RateLimitPartition.GetTokenBucketLimiter($"{client.Role}|{client.Id}", _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = Math.Max(1, limit.Burst),
                    TokensPerPeriod = Math.Max(1, limit.PermitsPerSecond),
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = (int)Math.Ceiling(Math.Max(1, retryAfter.TotalSeconds));
                var context = rejected.HttpContext;
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var client = ClientIdentity.From(context.User);
                LogLimited(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("PreDemande.RateLimits"), client?.Id ?? "?", context.Request.Path);
                await ProblemResults.Problem(
                    StatusCodes.Status429TooManyRequests,
                    "too-many-requests",
                    "Trop de requêtes",
                    $"Ce client dépasse sa limite de requêtes : réessayer dans {seconds} s.").ExecuteAsync(context);
            };
        });
        return services;
    }

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Client {ClientId} over its rate limit on {Path}")]
    private static partial void LogLimited(ILogger logger, string clientId, PathString path);
}
