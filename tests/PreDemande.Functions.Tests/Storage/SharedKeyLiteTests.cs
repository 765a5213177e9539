using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using PreDemande.Functions.Storage;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Storage;

public sealed class AzuriteOnly : IAsyncLifetime
{
    public Azurite Azurite { get; private set; } = null!;

    public async Task InitializeAsync() => Azurite = await Azurite.StartAsync();

    public async Task DisposeAsync() => await Azurite.DisposeAsync();
}

[Trait(Tier.Name, Tier.Storage)]
public sealed class SharedKeyLiteTests(AzuriteOnly storage) : IClassFixture<AzuriteOnly>
{
    private static StorageClients Clients(string connectionString) =>
        StorageClients.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection([new("AzureWebJobsStorage", connectionString)]).Build());

    [Fact]
    public async Task Table_requests_signed_with_the_account_key_are_accepted_for_every_kind_of_resource()
    {
        var tables = Clients(storage.Azurite.ConnectionString);
        Assert.True(await tables.TableProvisioner.CreateIfNotExistsAsync("signed", CancellationToken.None));
        var table = tables.Table("signed");

        await table.AddEntityAsync(new TableEntity("p'1", "r 1") { ["Value"] = "a" });
        await table.SubmitTransactionAsync([new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("p'1", "r2") { ["Value"] = "b" })]);
        var read = await table.GetEntityAsync<TableEntity>("p'1", "r 1");
        var acl = await table.GetAccessPoliciesAsync(); // ?comp=acl

        Assert.Equal("a", read.Value.GetString("Value"));
        Assert.Empty(acl.Value);
        Assert.Equal(["r 1", "r2"], (await TableBatches.FirstRowsAsync(tables, "signed", "p'1", "Value", 10, CancellationToken.None)).Select(r => r.RowKey));
    }

    [Fact]
    public async Task A_request_signed_with_another_key_is_refused()
    {
        var wrong = storage.Azurite.ConnectionString.Replace("AccountKey=", "AccountKey=AAAA", StringComparison.Ordinal);
        var table = Clients(wrong).Table("signed");

        var refused = await Assert.ThrowsAsync<RequestFailedException>(() => table.GetEntityIfExistsAsync<TableEntity>("p", "r"));

        Assert.Equal(403, refused.Status);
    }
}
