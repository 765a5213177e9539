using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace PreDemande.Functions.Tests.Infrastructure;

/// <summary>
/// The function app on its own Azurite, in local trigger mode with short polling intervals.
/// One per test class (<c>IClassFixture</c>); subclasses add test-only functions.
/// </summary>
public class PreDemandeFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private Azurite? _azurite;

    public Azurite Azurite => _azurite ?? throw new InvalidOperationException("Azurite is not started");

    public BlobServiceClient Blobs => new(Azurite.ConnectionString);

    public TableServiceClient Tables => new(Azurite.ConnectionString);

    public QueueServiceClient Queues => new(Azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    public async Task InitializeAsync()
    {
        _azurite = await StartAzuriteAsync();
        await StartDependenciesAsync();
        _ = Server; // start the app: storage is created, local triggers begin polling
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await StopDependenciesAsync();
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    /// <summary>Every function the app serves: HTTP functions from its endpoints, then its triggers.</summary>
    public IReadOnlyList<PreDemande.Functions.Hosting.FunctionDeclaration> Declarations =>
        PreDemande.Functions.Hosting.FunctionEndpoints.Declarations(
            Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints,
            Services.GetServices<PreDemande.Functions.Hosting.TriggerFunction>());

    public HttpClient ClientWithKey(string? key, string header = "X-Api-Key")
    {
        var client = CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add(header, key);
        }

        return client;
    }

    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("AzureWebJobsStorage", Azurite.ConnectionString),
        new("PreDemande:LocalTriggers", "true"),
        new("PreDemande:LocalTriggers:MinPollingInterval", "00:00:00.050"),
        new("PreDemande:LocalTriggers:MaxPollingInterval", "00:00:00.200"),
        new("PreDemande:LocalTriggers:BlobPollingInterval", "00:00:00.200"),
        new("PreDemande:LocalTriggers:RetryDelay", "00:00:00"),
    ];

    protected virtual Task<Azurite> StartAzuriteAsync() => Azurite.StartAsync();

    /// <summary>Replaces the Azurite the app uses (a restart on the same ports and data).</summary>
    protected void Replace(Azurite azurite) => _azurite = azurite;

    /// <summary>Starts what a subclass's app needs besides Azurite, before the app.</summary>
    protected virtual Task StartDependenciesAsync() => Task.CompletedTask;

    protected virtual ValueTask StopDependenciesAsync() => ValueTask.CompletedTask;

    protected virtual void ConfigureTestServices(IServiceCollection services)
    {
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Test");
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(Settings().Concat(TestClients.Settings())));
        builder.ConfigureTestServices(ConfigureTestServices);
    }
}
