using Azure.Data.Tables;

namespace PreDemande.Functions.Storage;

/// <summary>Writes or deletes rows of one partition as entity group transactions of up to <see cref="MaxRows"/> rows each.</summary>
public static class TableBatches
{
    /// <summary>The most rows one entity group transaction may hold.</summary>
    public const int MaxRows = 100;

    /// <summary>At most <paramref name="max"/> rows of a partition (row key and one property), through the Table REST query (<see cref="TableProvisioner.PartitionAsync"/>).</summary>
    public static async Task<List<(string RowKey, string? Value)>> FirstRowsAsync(StorageClients storage, string table, string partition, string property, int max, CancellationToken cancellationToken)
    {
        var rows = new List<(string RowKey, string? Value)>();
        await foreach (var row in storage.TableProvisioner.PartitionAsync(table, partition, property, cancellationToken))
        {
            if (rows.Count == max)
            {
                break;
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Upserts (replace) rows of one partition; replayable, a row written again is the same row.</summary>
    public static async Task UpsertAsync(TableClient table, IReadOnlyList<TableEntity> rows, CancellationToken cancellationToken)
    {
        foreach (var chunk in rows.Chunk(MaxRows))
        {
            await table.SubmitTransactionAsync(chunk.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)), cancellationToken);
        }
    }

    /// <summary>Replayable: a batch that meets a row already deleted (an earlier run died midway) is done again row by row.</summary>
    public static async Task DeleteAsync(TableClient table, string partition, IReadOnlyList<string> rowKeys, CancellationToken cancellationToken)
    {
        foreach (var chunk in rowKeys.Chunk(MaxRows))
        {
            try
            {
                await table.SubmitTransactionAsync(chunk.Select(rowKey => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, rowKey), Azure.ETag.All)), cancellationToken);
            }
            catch (TableTransactionFailedException exception) when (exception.Status == 404)
            {
                foreach (var rowKey in chunk)
                {
                    await table.DeleteEntityAsync(partition, rowKey, cancellationToken: cancellationToken); // a missing row is no error here
                }
            }
        }
    }
}
