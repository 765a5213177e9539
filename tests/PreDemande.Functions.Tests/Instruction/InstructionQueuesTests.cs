using PreDemande.Functions.Instruction;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Instruction;

[Trait(Tier.Name, Tier.Http)]
public sealed class InstructionQueuesTests(PreDemandeFactory app) : IClassFixture<PreDemandeFactory>
{
    [Theory]
    [InlineData("instruction-33")]
    [InlineData("instruction-2a")]
    [InlineData("instruction-971")]
    public async Task A_certs_queue_exists_before_its_first_task(string queue)
    {
        _ = app.CreateClient(); // the app started: the CERT queues are created once its storage is ready, beside the first requests

        await Eventually.Async(async () => (await app.Queues.GetQueueClient(queue).ExistsAsync()).Value, exists => exists, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void The_queues_to_create_are_the_routes_the_default_and_no_other()
    {
        var routed = new InstructionOptions { Routes = new(StringComparer.OrdinalIgnoreCase) { ["33"] = "cert-Bordeaux", ["40"] = "cert-bordeaux" }, DefaultQueue = "cert-national" };
        var unrouted = new InstructionOptions();

        Assert.Equal(["cert-bordeaux", "cert-national"], routed.AllQueues(["33", "40", "75", "2A"]));
        Assert.Equal(["instruction-2a", "instruction-33", "instruction-75"], unrouted.AllQueues(["33", "75", "2A"]));
    }
}

[Trait(Tier.Name, Tier.Http)]
public sealed class InstructionQueueProvisioningTests
{
    [Fact]
    public void The_bicep_knows_every_departement_of_the_apps_commune_data()
    {
        var provisioned = System.Text.Json.JsonSerializer.Deserialize<string[]>(File.ReadAllText(Repository.PathOf("infra", "departements.json")))!;

        Assert.Equal(PreDemande.Core.Geography.Communes.Default.DepartementCodes.Select(d => d.ToLowerInvariant()), provisioned);
    }

    [Fact]
    public void The_app_creates_the_cert_queues_of_the_departements_the_bicep_provisions()
    {
        var provisioned = System.Text.Json.JsonSerializer.Deserialize<string[]>(File.ReadAllText(Repository.PathOf("infra", "departements.json")))!;

        Assert.Equal(provisioned, CertDepartements.Read());
    }
}
