using Azure.Data.Tables;
using PreDemande.Core.Fees;
using PreDemande.Core.Forms;
using PreDemande.Core.Lifecycle;
using PreDemande.Functions.PreApplications;
using Columns = PreDemande.Functions.PreApplications.PreApplicationStore.Columns;

namespace PreDemande.Functions.Retention;

/// <summary>
/// What is left of a purged or withdrawn pre-application: the number, the dates and status
/// <c>purged</c>, and a document with an empty form, so that every reader still finds a record
/// (booking tools: <c>expired</c>) and the number is never drawn again. Of its lodging, only
/// when it was (<see cref="PreApplicationRecord.PurgedAfterLodging"/>). Nothing else of it is kept.
/// </summary>
public sealed class Tombstones(PreApplicationStore store)
{
    private const int MaxAttempts = 10;

    /// <summary>Replaces the entity by its tombstone: first on the version read, read again while it changes meanwhile.</summary>
    public async Task ChangeToAsync(PreApplicationRecord known, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var current = known.Status == PreApplicationStatus.Purged ? null : known; // no second read unless needed
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            current ??= await store.GetAsync(known.Number, cancellationToken);
            if (current is null || current.Status == PreApplicationStatus.Purged)
            {
                return; // none, or purged by another run
            }

            if (await TryReplaceAsync(current, at, cancellationToken))
            {
                return;
            }

            current = null; // changed meanwhile (or purged by a concurrent run): read again
        }

        throw new InvalidOperationException($"Pre-application {known.Number} kept changing while it was purged; the purge will run again.");
    }

    /// <summary>The tombstone on exactly the version read; false when it changed meanwhile (nothing written).</summary>
    public async Task<bool> TryChangeToAsync(PreApplicationRecord known, DateTimeOffset at, CancellationToken cancellationToken) =>
        known.Status != PreApplicationStatus.Purged && await TryReplaceAsync(known, at, cancellationToken);

    private Task<bool> TryReplaceAsync(PreApplicationRecord record, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var document = new PreApplicationDocument(record.Number, record.Document.CreatedAt, record.Document.ExpiresAt, new Fee(0, string.Empty), new PreApplicationForm());
        var tombstone = new TableEntity(record.Number, PreApplicationStore.RowKey)
        {
            [Columns.Status] = PreApplicationStatus.Purged.Name(),
            [Columns.CreatedAt] = document.CreatedAt,
            [Columns.ExpiresAt] = document.ExpiresAt,
            [Columns.LodgedAt] = record.Lodging?.At,
            [Columns.PurgedAt] = at,
            [Columns.Document] = System.Text.Encoding.UTF8.GetString(PreApplicationStore.Serialize(document)),
        };
        return store.TryReplaceAsync(tombstone, record.ETag, cancellationToken);
    }
}
