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

    /// <summary>The requests the bucket holds (at least one).</summary>
    public int Capacity => Math.Max(1, Burst);

    /// <summary>The tokens added each second (at least one).</summary>
    public int Refill => Math.Max(1, PermitsPerSecond);

    /// <summary>The seconds a bucket holding <paramref name="left"/> tokens takes to be full again.</summary>
    public int SecondsToFill(long left) => (int)Math.Ceiling(Math.Max(0, Capacity - left) / (double)Refill);

    /// <summary>The bucket as the limiter takes it: <see cref="Refill"/> tokens each second, at most <see cref="Capacity"/>, no queue.</summary>
    public TokenBucketRateLimiterOptions Bucket() => new()
    {
        TokenLimit = Capacity,
        TokensPerPeriod = Refill,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}

/// <summary>
/// Limits per client, section <c>PreDemande:RateLimits</c>: each client (API key or token) has its
/// own bucket, sized by its role, so that one runaway portal or booking tool cannot starve the
/// mairies. Anonymous calls (health, the OpenAPI document, the host's invocations) are not limited.
/// A bucket lives in one instance: the defaults let one client carry its role's whole national peak
/// on a single instance (docs/capacity.md, "Rate limits"), so more instances never cause a 429.
/// </summary>
public sealed class RateLimitOptions : ICheckedSettings
{
    public const string Section = "PreDemande:RateLimits";

    public RateLimit Portal { get; set; } = new() { PermitsPerSecond = 200, Burst = 400 };

    public RateLimit Mairie { get; set; } = new() { PermitsPerSecond = 50, Burst = 100 };

    public RateLimit Prefecture { get; set; } = new() { PermitsPerSecond = 50, Burst = 100 };

    /// <summary>One booking tool may carry the national peak hour (83 calls/s) alone, with 80 % headroom.</summary>
    public RateLimit Booking { get; set; } = new() { PermitsPerSecond = 150, Burst = 300 };

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
        services.AddSingleton<ClientRateLimiter>();
        services.AddOptions<RateLimiterOptions>().Configure<ClientRateLimiter>((limiter, clients) => limiter.GlobalLimiter = clients.Limiter);
        services.AddRateLimiter(limiter =>
        {
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = (int)Math.Ceiling(Math.Max(1, retryAfter.TotalSeconds));
                var context = rejected.HttpContext;
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var client = ClientRateLimiter.ClientOf(context);
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

    /// <summary>
    /// Before the limiter: every answer to a limited client carries its bucket as the IETF draft
    /// draft-ietf-httpapi-ratelimit-headers writes it (<c>RateLimit-Policy</c>, <c>RateLimit</c>),
    /// the 429 included (which adds <c>Retry-After</c>).
    /// </summary>
    public static IApplicationBuilder UseRateLimitsWithHeaders(this IApplicationBuilder app)
    {
        var clients = app.ApplicationServices.GetRequiredService<ClientRateLimiter>();
        app.Use((context, next) =>
        {
            if (ClientRateLimiter.ClientOf(context) is { } client)
            {
                context.Response.OnStarting(static state =>
                {
                    var (context, client, clients) = ((HttpContext, ClientIdentity, ClientRateLimiter))state;
                    clients.WriteHeaders(context, client);
                    return Task.CompletedTask;
                }, (context, client, clients));
            }

            return next(context);
        });
        return app.UseRateLimiter();
    }

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Client {ClientId} over its rate limit on {Path}")]
    private static partial void LogLimited(ILogger logger, string clientId, PathString path);
}

/// <summary>
/// The buckets of the clients (one per role and client id, in this instance), and what they say
/// on each answer: <c>RateLimit-Policy: "{role}";q={burst};w={window}</c> (the bucket holds
/// <c>q</c> requests and fills again in <c>w</c> seconds) and <c>RateLimit: "{role}";r={left};t={seconds until full}</c>.
/// </summary>
public sealed class ClientRateLimiter : IDisposable
{
    private readonly IOptions<RateLimitOptions> options;

    public ClientRateLimiter(IOptions<RateLimitOptions> options)
    {
        this.options = options;
        Limiter = PartitionedRateLimiter.Create<HttpContext, (ClientRole Role, string Id)>(context =>
            ClientOf(context) is not { } client
                ? RateLimitPartition.GetNoLimiter<(ClientRole, string)>(default)
                : RateLimitPartition.GetTokenBucketLimiter((client.Role, client.Id), key => options.Value.For(key.Role).Bucket()));
    }

    /// <summary>The calling client, read from the principal once per request (the headers, the limiter and the 429 all ask).</summary>
    public static ClientIdentity? ClientOf(HttpContext context)
    {
        if (context.Items.TryGetValue(typeof(ClientRateLimiter), out var known))
        {
            return (ClientIdentity?)known;
        }

        var client = ClientIdentity.From(context.User);
        context.Items[typeof(ClientRateLimiter)] = client;
        return client;
    }

    public PartitionedRateLimiter<HttpContext> Limiter { get; }

    public void Dispose() => Limiter.Dispose();

    /// <summary>The policy of a role, as the field <c>RateLimit-Policy</c> writes it.</summary>
    public static string Policy(ClientRole role, RateLimit limit) =>
        string.Create(CultureInfo.InvariantCulture, $"\"{PolicyName(role)}\";q={limit.Capacity};w={limit.SecondsToFill(0)}");

    /// <summary>What is left of a role's bucket, as the field <c>RateLimit</c> writes it.</summary>
    public static string Remaining(ClientRole role, RateLimit limit, long left) =>
        string.Create(CultureInfo.InvariantCulture, $"\"{PolicyName(role)}\";r={left};t={limit.SecondsToFill(left)}");

    public static string PolicyName(ClientRole role) => role.ToString().ToLowerInvariant();

    public void WriteHeaders(HttpContext context, ClientIdentity client)
    {
        var limit = options.Value.For(client.Role);
        var left = Math.Max(0, Limiter.GetStatistics(context)?.CurrentAvailablePermits ?? 0);
        context.Response.Headers["RateLimit-Policy"] = Policy(client.Role, limit);
        context.Response.Headers["RateLimit"] = Remaining(client.Role, limit, left);
    }
}
