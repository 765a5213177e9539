using Azure.Data.Tables;
using PreDemande.Functions.Storage;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Storage;

/// <summary>Its own Azurite, through the proxy so that the round trips can be counted.</summary>
public sealed class GroupCommitStorage : IAsyncLifetime
{
    public Azurite Azurite { get; private set; } = null!;

    public KillingProxy Proxy { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Azurite = await Azurite.StartAsync();
        Proxy = await KillingProxy.StartAsync(Azurite);
    }

    public async Task DisposeAsync()
    {
        await Proxy.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}

[Trait(Tier.Name, Tier.Storage)]
public sealed class GroupCommitTests(GroupCommitStorage storage) : IClassFixture<GroupCommitStorage>
{
    [Fact]
    public async Task Concurrent_rows_of_one_partition_are_all_durable_when_their_writers_resume_and_share_round_trips()
    {
        var table = await TableAsync();
        var commit = new GroupCommit(new TableServiceClient(storage.Proxy.ConnectionString).GetTableClient(table.Name));
        var before = storage.Proxy.Count(r => r.Service == "table");

        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => commit.UpsertAsync(new TableEntity("m|75056|2026-11-24", $"row-{i:D3}") { ["I"] = i })));

        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == "m|75056|2026-11-24"))
        {
            rows.Add(row);
        }

        Assert.Equal(Enumerable.Range(0, 200), rows.Select(r => r.GetInt32("I")!.Value).Order());
        var roundTrips = storage.Proxy.Count(r => r.Service == "table") - before;
        Assert.InRange(roundTrips, 2, 199); // at most 100 rows per transaction, and fewer trips than rows
    }

    [Fact]
    public async Task Rows_of_different_partitions_are_written_separately_and_a_failed_write_fails_only_its_own_writers()
    {
        var table = await TableAsync();
        var commit = new GroupCommit(table);
        var tooLarge = new TableEntity("n|BAD", "row") { ["Text"] = new string('x', 40_000) }; // over 64 KiB of UTF-16

        var good = commit.UpsertAsync(new TableEntity("n|GOOD", "row") { ["Text"] = "ok" });
        var bad = commit.UpsertAsync(tooLarge);

        await good;
        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => bad);
        Assert.Equal("ok", (await table.GetEntityAsync<TableEntity>("n|GOOD", "row")).Value.GetString("Text"));
        Assert.False((await table.GetEntityIfExistsAsync<TableEntity>("n|BAD", "row")).HasValue);
    }

    private async Task<TableClient> TableAsync()
    {
        var table = new TableServiceClient(storage.Azurite.ConnectionString).GetTableClient($"t{Guid.NewGuid():N}");
        await table.CreateAsync();
        return table;
    }
}
