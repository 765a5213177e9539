using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using PreDemande.Core.Forms;
using PreDemande.Functions.Security;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Tests.Infrastructure;

/// <summary>
/// The app's services on their own Azurite, without HTTP or the stand-in host: the services
/// <see cref="PreDemandeApp.AddPreDemande"/> registers, a clock the test moves, storage created as
/// at start-up. One per test class (<c>IClassFixture</c>), for the storage tier's service tests.
/// </summary>
public sealed class ServiceHarness : IAsyncLifetime
{
    private Azurite? _azurite;
    private WebApplication? _app;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The harness is not started.");

    public static readonly ClientIdentity Portal = new("test-portal", ClientRole.Portal, null);

    public static readonly ClientIdentity ParisMairie = new("test-mairie-paris", ClientRole.Mairie, "75056");

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public async Task InitializeAsync()
    {
        _azurite = await Azurite.StartAsync();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Test" });
        builder.Configuration.AddInMemoryCollection([new("AzureWebJobsStorage", _azurite.ConnectionString), .. TestClients.Settings()]);
        builder.Services.AddPreDemande(builder.Configuration);
        builder.Services.AddSingleton<TimeProvider>(Clock);
        _app = builder.Build();
        foreach (var initializer in _app.Services.GetServices<IHostedService>().OfType<StorageInitializer>())
        {
            await initializer.StartAsync(CancellationToken.None);
        }

        await Get<StorageReadiness>().Ready.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>A sample form (<see cref="Forms"/>) as the portal's JSON binds it.</summary>
    public static PreApplicationForm Form(JsonObject json) =>
        JsonSerializer.Deserialize(json.ToJsonString(), AppJsonContext.Default.PreApplicationForm)
        ?? throw new InvalidOperationException("A sample form reads as null.");

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
