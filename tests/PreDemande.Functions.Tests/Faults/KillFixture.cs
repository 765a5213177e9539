using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using PreDemande.Functions.Tests.Infrastructure;
using PreDemande.LocalHost;

namespace PreDemande.Functions.Tests.Faults;

/// <summary>
/// The built app run as its own process, as a Functions host would run it, its triggers invoked
/// by the stand-in host (which reads storage directly), talking to Azurite through a
/// <see cref="KillingProxy"/> and to an ACS stand-in, so that a test can kill it at a chosen
/// storage write and start it again on the same storage.
/// </summary>
public sealed class KillFixture : IAsyncLifetime
{
    private Azurite? _azurite;
    private KillingProxy? _proxy;
    private AcsStandIn? _acs;
    private IReadOnlyList<HostedFunction> _functions = [];

    public Azurite Azurite => _azurite ?? throw new InvalidOperationException("not started");

    public KillingProxy Proxy => _proxy ?? throw new InvalidOperationException("not started");

    public AcsStandIn Acs => _acs ?? throw new InvalidOperationException("not started");

    /// <summary>Storage as the test sees it: straight to Azurite, not through the proxy.</summary>
    public BlobServiceClient Blobs => new(Azurite.ConnectionString);

    public TableServiceClient Tables => new(Azurite.ConnectionString);

    public QueueServiceClient Queues => new(Azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    public async Task InitializeAsync()
    {
        _azurite = await Azurite.StartAsync();
        _proxy = await KillingProxy.StartAsync(_azurite);
        _acs = await AcsStandIn.StartAsync();
        _functions = await HostedTriggers.FromAppAsync();
    }

    public async Task DisposeAsync()
    {
        await Acs.DisposeAsync();
        await Proxy.DisposeAsync();
        await Azurite.DisposeAsync();
    }

    /// <summary>Starts the app and waits for its first answer.</summary>
    public async Task<RunningApp> StartAppAsync()
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Test",
            ["AzureWebJobsStorage"] = Proxy.ConnectionString,
            ["PreDemande__Messages__ClaimTimeout"] = "00:00:02",
            ["PreDemande__Notifications__Sender"] = "acs",
            ["PreDemande__Notifications__AcsConnectionString"] = Acs.ConnectionString,
        };
        foreach (var (key, value) in TestClients.EnvironmentVariables())
        {
            environment[key] = value;
        }

        var host = HostSettings.FromHostJson(Repository.PathOf("host.json")) with
        {
            MaxPollingInterval = TimeSpan.FromMilliseconds(200),
            BlobPollingInterval = TimeSpan.FromMilliseconds(200),
            RetryDelay = TimeSpan.FromSeconds(1),
        };
        return await RunningApp.StartAsync(environment, new HostedTriggers(_functions, new HostStorage(Azurite.ConnectionString), host));
    }
}
