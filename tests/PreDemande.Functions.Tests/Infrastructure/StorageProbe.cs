using Azure.Data.Tables;

namespace PreDemande.Functions.Tests.Infrastructure;

/// <summary>What the app stored, read straight from Azurite.</summary>
public static class StorageProbe
{
    public static async Task<int> PreApplicationCountAsync(this PreDemandeFactory app)
    {
        var entities = 0;
        await foreach (var _ in app.Tables.GetTableClient("predemandes").QueryAsync<TableEntity>(e => e.RowKey == "predemande", select: ["PartitionKey"]))
        {
            entities++;
        }

        var blobs = 0;
        await foreach (var _ in app.Blobs.GetBlobContainerClient("predemandes").GetBlobsAsync())
        {
            blobs++;
        }

        Assert.Equal(entities, blobs);
        return entities;
    }
}
