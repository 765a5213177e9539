using Azure.Data.Tables;

namespace PreDemande.Functions.Storage;

/// <summary>
/// Upserts rows of one table so that concurrent writers to the same partition share a round
/// trip: while a partition's write is in flight, the rows that arrive for it wait and go
/// together in the next entity group transaction (at most 100 rows, one partition, atomic).
/// Nothing waits on a timer: a lone row is written at once, as a plain upsert. Each caller's
/// task completes when its own row is durable, or fails with the write that carried it.
/// </summary>
public sealed class GroupCommit(TableClient table)
{
    private const int MaxRows = 100; // the limit of an entity group transaction

    private readonly Dictionary<string, Pending> _partitions = new(StringComparer.Ordinal);

    public Task UpsertAsync(TableEntity row)
    {
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool lead;
        lock (_partitions)
        {
            lead = !_partitions.TryGetValue(row.PartitionKey, out var pending);
            if (lead)
            {
                pending = new Pending();
                _partitions[row.PartitionKey] = pending;
            }

            pending!.Rows.Add((row, written));
        }

        if (lead)
        {
            _ = Task.Run(() => WriteAsync(row.PartitionKey));
        }

        return written.Task;
    }

    // The partition's writer: takes what is waiting, writes it, and again until nothing waits.
    private async Task WriteAsync(string partition)
    {
        while (true)
        {
            List<(TableEntity Row, TaskCompletionSource Written)> batch;
            lock (_partitions)
            {
                var pending = _partitions[partition];
                if (pending.Rows.Count == 0)
                {
                    _partitions.Remove(partition);
                    return;
                }

                batch = pending.Rows.Take(MaxRows).ToList();
                pending.Rows.RemoveRange(0, batch.Count);
            }

            try
            {
                if (batch.Count == 1)
                {
                    await table.UpsertEntityAsync(batch[0].Row, TableUpdateMode.Replace);
                }
                else
                {
                    // Rows with the same key: the last one wins, as separate upserts would end.
                    var actions = batch
                        .GroupBy(b => b.Row.RowKey, StringComparer.Ordinal)
                        .Select(g => new TableTransactionAction(TableTransactionActionType.UpsertReplace, g.Last().Row));
                    await table.SubmitTransactionAsync(actions);
                }

                batch.ForEach(b => b.Written.TrySetResult());
            }
            catch (Exception exception)
            {
                batch.ForEach(b => b.Written.TrySetException(exception));
            }
        }
    }

    private sealed class Pending
    {
        public List<(TableEntity Row, TaskCompletionSource Written)> Rows { get; } = [];
    }
}
