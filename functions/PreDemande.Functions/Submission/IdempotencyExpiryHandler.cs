using Microsoft.Extensions.Options;
using PreDemande.Functions.Scheduling;

namespace PreDemande.Functions.Submission;

/// <summary>The removal of one day's partition of <c>Idempotency-Key</c> reservations, two days on (<see cref="DueTask.Idempotency"/>, key: the partition); a partition larger than <see cref="DueWorkOptions.RowsPerItem"/> goes on in the next message.</summary>
public sealed class IdempotencyExpiryHandler(IdempotencyStore idempotency, IOptions<DueWorkOptions> options) : IDueTaskHandler
{
    public async Task<bool> HandleAsync(DueItem item, CancellationToken cancellationToken) =>
        !(await idempotency.RemoveAsync(item.Key, options.Value.RowsPerItem, cancellationToken)).More;
}
