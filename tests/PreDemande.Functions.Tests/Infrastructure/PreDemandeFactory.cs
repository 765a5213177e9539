using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PreDemande.Functions.Hosting;
using PreDemande.LocalHost;

namespace PreDemande.Functions.Tests.Infrastructure;

/// <summary>
/// The function app on its own Azurite, with the stand-in Functions host
/// (tests/PreDemande.LocalHost) running its triggers from the function.json files the app
/// writes, invoking it over HTTP with short polling intervals. One per test class
/// (<c>IClassFixture</c>); subclasses add test-only functions.
/// </summary>
public class PreDemandeFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private Azurite? _azurite;
    private StandInHost? _host;
    private HttpClient? _hostClient;
    private string? _functions;

    public Azurite Azurite => _azurite ?? throw new InvalidOperationException("Azurite is not started");

    public BlobServiceClient Blobs => new(Azurite.ConnectionString);

    public TableServiceClient Tables => new(Azurite.ConnectionString);

    public QueueServiceClient Queues => new(Azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    public async Task InitializeAsync()
    {
        _azurite = await StartAzuriteAsync();
        await StartDependenciesAsync();
        if (KestrelPort is { } port)
        {
            UseKestrel(port);
            StartServer(); // the app on a socket
        }
        else
        {
            _ = Server; // start the app in memory
        }

        // Its storage checked (and created) beside its start, as the host's first GET / would wait for.
        await Services.GetRequiredService<PreDemande.Functions.Storage.StorageReadiness>().Ready.WaitAsync(TimeSpan.FromSeconds(30));

        await StartFrontAsync();
        if (RunsTriggers)
        {
            // As the Functions host does: read the deployment's function.json files, then invoke.
            _functions = Directory.CreateTempSubdirectory("predemande-functions-").FullName;
            FunctionMetadataWriter.Write(Declarations, _functions);
            _hostClient = KestrelPort is { } appPort
                ? new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{appPort}"), Timeout = Timeout.InfiniteTimeSpan }
                : new HttpClient(HostHandler(Server.CreateHandler())) { BaseAddress = Server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
            _host = StandInHost.Start(FunctionMetadata.Read(_functions), _hostClient, new HostStorage(Azurite.ConnectionString), HostSettings, Services.GetRequiredService<ILoggerFactory>());
        }
    }

    /// <summary>The port the app listens on with Kestrel; null (the default): in memory, without sockets.</summary>
    protected virtual int? KestrelPort => null;

    /// <summary>Starts what stands in front of the app (after it is listening, before the triggers run).</summary>
    protected virtual Task StartFrontAsync() => Task.CompletedTask;

    /// <summary>The client the helpers call the API with; a subclass may send it through something in front of the app.</summary>
    protected virtual HttpClient CreateApiClient() => CreateClient();

    /// <summary>The handler the stand-in host calls the in-memory app through; a subclass may wrap it (to inject a fault).</summary>
    protected virtual HttpMessageHandler HostHandler(HttpMessageHandler app) => app;

    /// <summary>Whether the stand-in host runs the triggers; without it a test invokes them itself.</summary>
    protected virtual bool RunsTriggers => true;

    /// <summary>The host's semantics from host.json, with polling paces short enough for tests.</summary>
    protected virtual HostSettings HostSettings => HostSettings.FromHostJson(Repository.PathOf("host.json")) with
    {
        MaxPollingInterval = TimeSpan.FromMilliseconds(200),
        BlobPollingInterval = TimeSpan.FromMilliseconds(100),
        RetryDelay = TimeSpan.Zero,
    };

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _hostClient?.Dispose();
        if (_functions is not null)
        {
            Directory.Delete(_functions, recursive: true);
        }

        await base.DisposeAsync();
        await StopDependenciesAsync();
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    /// <summary>Every function the app serves: HTTP functions from its endpoints, then its triggers.</summary>
    public IReadOnlyList<FunctionDeclaration> Declarations =>
        FunctionEndpoints.Declarations(
            Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints,
            Services.GetServices<TriggerFunction>());

    public HttpClient ClientWithKey(string? key, string header = "X-Api-Key")
    {
        var client = CreateApiClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add(header, key);
        }

        return client;
    }

    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("AzureWebJobsStorage", Azurite.ConnectionString),
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

    /// <summary>The ASP.NET Core environment the app runs in: <c>Test</c>, or <c>Development</c> as scripts/dev.sh runs it.</summary>
    protected virtual string EnvironmentName => "Test";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(Settings().Concat(TestClients.Settings())));
        builder.ConfigureTestServices(ConfigureTestServices);
    }
}
