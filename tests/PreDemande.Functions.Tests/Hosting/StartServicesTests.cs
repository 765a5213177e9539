using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PreDemande.Functions.Security;
using PreDemande.Functions.Storage;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Hosting;

/// <summary>What the start runs before the first ready answer; the app is built, not started.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class StartServicesTests
{
    [Fact]
    public async Task The_start_loads_no_data_protection_key_ring()
    {
        await using var app = PreDemandeApp.Build([$"--{StorageClients.Setting}=UseDevelopmentStorage=true"]);

        var hosted = app.Services.GetServices<IHostedService>().Select(s => s.GetType().Namespace);

        Assert.DoesNotContain(SecurityServices.KeyRingLoaderNamespace, hosted);
    }

    [Fact]
    public void Authentication_registers_the_key_ring_loader_the_app_leaves_out()
    {
        var services = new ServiceCollection();

        services.AddAuthentication();

        Assert.Contains(services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Namespace == SecurityServices.KeyRingLoaderNamespace);
    }
}
