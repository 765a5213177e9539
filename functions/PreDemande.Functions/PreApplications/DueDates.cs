using System.Globalization;
using Azure.Storage.Blobs.Models;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.PreApplications;

/// <summary>One piece of work due on a day: <paramref name="Marker"/> is the blob to delete once it is done.</summary>
public sealed record DueItem(string Task, DateOnly Day, string Number, string Marker);

/// <summary>
/// What is due on which day, as empty blobs <c>schedule/{task}/{yyyy-MM-dd}/{number}</c> written
/// when the due date becomes known (table queries are not Native AOT safe; a blob listing by
/// prefix is). A timer lists its task's prefix up to today, does the work, and deletes the marker:
/// a run that dies is completed by the next, and redoing an item is harmless.
/// </summary>
public sealed class DueDates(StorageClients storage)
{
    public const string Reminder = "reminder";
    public const string Purge = "purge";

    /// <summary>Audit entries of one (mairie, day): the marker's last segment is <c>{mairie}|{yyyy-MM-dd}</c>.</summary>
    public const string Audit = "audit";

    private Azure.Storage.Blobs.BlobContainerClient Container => storage.Container(StorageNames.Containers.Schedule);

    public Task ScheduleAsync(string task, DateTimeOffset due, string number, CancellationToken cancellationToken) =>
        Container.GetBlobClient(Name(task, DateOnly.FromDateTime(due.UtcDateTime), number)).UploadAsync(BinaryData.Empty, overwrite: true, cancellationToken);

    /// <summary>The items of <paramref name="task"/> due on or before <paramref name="today"/>, oldest first.</summary>
    public async IAsyncEnumerable<DueItem> DueAsync(string task, DateOnly today, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var blob in Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{task}/", cancellationToken))
        {
            var parts = blob.Name.Split('/');
            if (parts.Length != 3 || !DateOnly.TryParseExact(parts[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                continue;
            }

            if (day > today)
            {
                yield break; // names sort by day: nothing later is due
            }

            yield return new DueItem(task, day, parts[2], blob.Name);
        }
    }

    public Task DoneAsync(DueItem item, CancellationToken cancellationToken) =>
        Container.GetBlobClient(item.Marker).DeleteIfExistsAsync(cancellationToken: cancellationToken);

    private static string Name(string task, DateOnly day, string number) => $"{task}/{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}/{number}";
}
