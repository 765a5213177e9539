using System.Text.Encodings.Web;
using Microsoft.Extensions.Options;
using System.Text.Unicode;
using PreDemande.Functions.Booking;
using PreDemande.Functions.Corrections;
using PreDemande.Functions.Health;
using PreDemande.Functions.Mairie;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.Hosting.Local;
using PreDemande.Functions.Recap;
using PreDemande.Functions.Http;
using PreDemande.Functions.Lodging;
using PreDemande.Functions.Security;
using PreDemande.Functions.Storage;
using PreDemande.Functions.Submission;

namespace PreDemande.Functions;

/// <summary>Composition of the app: settings, services, functions, middleware.</summary>
public static class PreDemandeApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        var port = builder.Configuration["FUNCTIONS_CUSTOMHANDLER_PORT"];
        if (!string.IsNullOrEmpty(port))
        {
            // The host reaches the app on loopback only.
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        }

        var services = builder.Services;
        var configuration = builder.Configuration;
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, AppJsonContext.Default);
            o.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
            o.SerializerOptions.Converters.Add(new UtcInstantConverter());
        });
        services.AddProblemDetails();
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<PreDemandeClientsOptions>()
            .Bind(configuration.GetSection("PreDemande"))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PreDemandeClientsOptions>, ClientsValidation>();
        services.Configure<StorageOptions>(configuration.GetSection("PreDemande:Storage"));
        services.AddSingleton(_ => StorageClients.FromConfiguration(configuration));
        services.AddHostedService<StorageInitializer>();
        services.AddSingleton<InvocationDispatcher>();

        services.AddHealth();
        services.AddSubmission(configuration);
        services.AddRecap();
        services.AddBooking();
        services.AddMairie();
        services.AddCorrections();
        services.AddLodging(configuration);

        services.Configure<LocalTriggerOptions>(o => LocalTriggerOptions.ApplyHostJson(o, Path.Combine(AppContext.BaseDirectory, "host.json")));
        services.Configure<LocalTriggerOptions>(configuration.GetSection(LocalTriggerOptions.Section));
        services.AddHostedService<LocalTriggerHost>();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.MapGet("/", () => TypedResults.Text("PreDemande")).ExcludeFromDescription();
        app.MapFunctions();
        return app;
    }
}
