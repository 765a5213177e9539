using System.Text.Json;
using Microsoft.Extensions.Options;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Scheduling;

/// <summary>
/// Does one shard of one day's due work (queue trigger <c>WorkDueShard</c> on <c>due-work</c>):
/// at most <see cref="DueWorkOptions.BatchSize"/> items per invocation, <see cref="DueWorkOptions.ItemConcurrency"/>
/// at a time, each done by its task's handler (<see cref="IDueTaskHandler"/>, registered by the feature that owns the task),
/// each marker deleted once its item is done, the rest handed on as the same message again. Under the shard's lease, so
/// that a repeated message does not work the same items side by side.
/// </summary>
public sealed partial class DueWorker(
    DueDates due,
    MessageQueues queues,
    DueTaskHandlers handlers,
    IOptions<DueWorkOptions> options,
    ILogger<DueWorker> logger)
{
    public static readonly FunctionDeclaration Function = FunctionDeclaration.Queue("WorkDueShard", StorageNames.Queues.DueWork);

    public async Task WorkAsync(string json, CancellationToken cancellationToken)
    {
        var work = JsonSerializer.Deserialize(json, AppJsonContext.Default.DueWork)
            ?? throw new InvalidInvocationException("the due work is null");
        if (work.Shard is < 0 or >= DueDates.Shards)
        {
            throw new InvalidInvocationException($"shard {work.Shard} is not one of the {DueDates.Shards}");
        }

        var handler = handlers.For(work.Task);
        await using var lease = await due.TryLeaseAsync(work, cancellationToken);
        if (lease is null)
        {
            LogBusy(logger, work.Task, work.Day, work.Shard);
            return; // another worker has it; it hands on whatever it leaves
        }

        var (items, more) = await due.ItemsAsync(work, options.Value.BatchSize, cancellationToken);
        var done = 0;
        var unfinished = 0;
        // A batch's items side by side (each is a few storage round trips); a failure fails the
        // invocation, whose retry finds only the items whose markers are left.
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = options.Value.ItemConcurrency, CancellationToken = cancellationToken }, async (item, token) =>
        {
            if (await handler.HandleAsync(item, token))
            {
                await due.DoneAsync(item, token);
                Interlocked.Increment(ref done);
            }
            else
            {
                Interlocked.Increment(ref unfinished); // goes on in the next message (an audit partition larger than a batch)
            }

            await lease.KeepAsync(token);
        });
        more |= unfinished > 0;

        if (more)
        {
            await queues.SendAsync(StorageNames.Queues.DueWork, work, AppJsonContext.Default.DueWork, cancellationToken);
        }

        LogWorked(logger, work.Task, work.Day, work.Shard, done, more);
    }

    [LoggerMessage(EventId = 1012, Level = LogLevel.Information, Message = "Due {Task} of {Day} shard {Shard}: another worker has it")]
    private static partial void LogBusy(ILogger logger, DueTask task, DateOnly day, int shard);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Information, Message = "Due {Task} of {Day} shard {Shard}: {Done} item(s) done, more to come: {More}")]
    private static partial void LogWorked(ILogger logger, DueTask task, DateOnly day, int shard, int done, bool more);
}
