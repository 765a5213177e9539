using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.Options;
using PreDemande.Core.Forms;
using PreDemande.Functions.Accounts;
using PreDemande.Functions.Audit;
using PreDemande.Functions.Booking;
using PreDemande.Functions.Corrections;
using PreDemande.Functions.Drafts;
using PreDemande.Functions.Health;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.Http;
using PreDemande.Functions.Instruction;
using PreDemande.Functions.Lodging;
using PreDemande.Functions.Mairie;
using PreDemande.Functions.Notifications;
using PreDemande.Functions.Retention;
using PreDemande.Functions.OpenApi;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Proofs;
using PreDemande.Functions.Recap;
using PreDemande.Functions.Scheduling;
using PreDemande.Functions.Security;
using PreDemande.Functions.Storage;
using PreDemande.Functions.Submission;
using PreDemande.Functions.Telemetry;
using PreDemande.Functions.Operations;
using Scalar.AspNetCore;

using PreDemande.Functions.Settings;

namespace PreDemande.Functions;

/// <summary>Composition of the app: settings, shared services, features, then the routes of every client.</summary>
public static class PreDemandeApp
{
    /// <param name="serve">The app is to run as the server (not a command, not the publish step): the storage check begins as soon as the services are built.</param>
    public static WebApplication Build(string[] args, bool serve = false)
    {
        // Settings come from the environment (the host restarts the app when they change), so the
        // JSON files are read once: watching them for changes walks every folder under the
        // working directory at start (200 ms and more, and one inotify watch per folder).
        var builder = WebApplication.CreateSlimBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);
        var port = builder.Configuration["FUNCTIONS_CUSTOMHANDLER_PORT"];
        if (!string.IsNullOrEmpty(port))
        {
            // The host reaches the app on loopback only.
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        }

        builder.AddPreDemandeTelemetry();
        builder.Services.AddPreDemande(builder.Configuration);

        var app = builder.Build();
        if (serve)
        {
            app.Services.BeginStorageCheck();
        }

        app.UseSafeHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseStorageReadiness(); // 503 until storage is checked (the app may start before it)
        app.UseCors(CorsSettings.PolicyName); // no origin allowed unless PreDemande:Cors:AllowedOrigins names some
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimitsWithHeaders(); // RateLimit-Policy and RateLimit on every answer to a client
        app.MapGet("/", () => TypedResults.Text("PreDemande")).ExcludeFromDescription();
        app.MapApi();
        app.MapTriggerFunctions();
        return app;
    }

    /// <summary>Every service of the app: what the features share, then each feature's own.</summary>
    public static IServiceCollection AddPreDemande(this IServiceCollection services, IConfiguration configuration) =>
        services
            .AddShared(configuration)
            .AddSubmission(configuration)
            .AddApplicant()
            .AddDrafts(configuration)
            .AddRecap()
            .AddBooking()
            .AddCorrections()
            .AddProofs(configuration)
            .AddLodging(configuration)
            .AddInstruction(configuration)
            .AddNotifications(configuration)
            .AddRetention(configuration)
            .AddOperations()
            .AddSettingsCheckedAtStart();

    /// <summary>What several features use, registered once.</summary>
    public static IServiceCollection AddShared(this IServiceCollection services, IConfiguration configuration)
    {
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, AppJsonContext.Default);
            o.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
            o.SerializerOptions.Converters.Add(new UtcInstantConverter());
            // As AppJsonContext: a number sent as a string is a field error, not read.
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
        services.AddProblemDetails();
        services.AddSafeHeaders();
        services.AddPreDemandeCors(configuration);
        // A value that does not bind (a malformed {number}) is the same 400 problem in every
        // environment: Development would otherwise throw, and answer 500.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        services.AddSingleton(TimeProvider.System);
        services.AddPreDemandeSecurity(configuration);
        services.AddPreDemandeRateLimits(configuration);
        services.AddPreDemandeOpenApi();

        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).Checked();
        services.AddSingleton(_ => StorageClients.FromConfiguration(configuration));
        services.AddSingleton<StorageReadiness>();
        services.AddSingleton<StorageInitializer>(); // one instance: begun ahead (StorageCheckAhead) and started by the host
        services.AddHostedService(s => s.GetRequiredService<StorageInitializer>());
        services.AddPreApplications(configuration);
        services.AddScheduling();
        services.AddAudit();
        services.AddSingleton<BlobUrls>();
        // The commune list (about 200 ms to load) is read on the first validation, not at start-up.
        services.AddSingleton(_ => new FormValidator(Core.Geography.Communes.Default));

        services.AddSingleton<InvocationDispatcher>();
        return services;
    }

    /// <summary>
    /// Every HTTP function, under <c>/api</c>. A <c>{number}</c> in any route is read once
    /// (<see cref="RouteNumber"/>): a malformed one is answered before the handler runs.
    /// </summary>
    private static void MapApi(this WebApplication app)
    {
        var api = app.MapGroup("/api").AddEndpointFilter(RouteNumber.Filter);
        api.MapHealth();
        api.MapDeliveryReports();
        app.MapOpenApi(OpenApiDocumentSetup.Route).AsFunction(OpenApiDocumentSetup.FunctionName).AllowAnonymous();
        if (app.Environment.IsDevelopment())
        {
            // A public body's reference page: no links to Scalar's own cloud (deploy, AI agent, MCP, SDK generation), no telemetry.
            app.MapScalarApiReference(SafeHeaders.ReferencePath, o =>
            {
                o.WithOpenApiRoutePattern(OpenApiDocumentSetup.Route);
                o.Title = "PreDemande : référence de l'API";
                o.ShowDeveloperTools = DeveloperToolsVisibility.Never;
                o.Agent = new ScalarAgentOptions { Disabled = true };
                o.Mcp = new ScalarMcpOptions { Disabled = true };
                o.Telemetry = false;
            }).AllowAnonymous();
        }

        // Each feature maps its own prefix, tag and policy. The order is the order of the paths in the document.
        api.MapDrafts();
        api.MapSubmission();
        api.MapApplicant();
        api.MapRecap();
        api.MapMairie();
        api.MapCorrections();
        api.MapLodging();
        api.MapPrefecture();
        api.MapBooking();
    }
}
