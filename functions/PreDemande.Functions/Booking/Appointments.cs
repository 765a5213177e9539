using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Booking;

/// <summary>An appointment a booking tool declared for a pre-application number.</summary>
public sealed record Appointment(string ManagementUrl, string MeetingPointId, string MeetingPoint, DateTimeOffset AppointmentDate, string ClientId, DateTimeOffset DeclaredAt);

public enum AddOutcome
{
    Added,
    AlreadyThere,
    UrlTakenByAnotherNumber,
}

/// <summary>
/// Table <c>appointments</c>: every appointment of a number in one entity (PartitionKey number,
/// RowKey <c>list</c>, a JSON list), so the status of a number is one point read and a change one
/// conditional update; and a row per management URL (PartitionKey <c>url|{sha256}</c>) that ties
/// it to one number. Personal data: deleted with the pre-application.
/// </summary>
public sealed class Appointments(StorageClients storage)
{
    private const string ListRow = "list";
    private const int MaxAttempts = 10;

    private TableClient Table => storage.Table(StorageNames.Tables.Appointments);

    public async Task<IReadOnlyList<Appointment>> ListAsync(string number, CancellationToken cancellationToken) =>
        (await ReadAsync(number, cancellationToken)).Items;

    /// <summary>Adds (or updates, same management URL) an appointment; refused when the URL belongs to another number.</summary>
    public async Task<AddOutcome> AddAsync(string number, Appointment appointment, CancellationToken cancellationToken)
    {
        // The URL is tied to this number first: a crash after it leaves a tie the retry reuses.
        var urlRow = new TableEntity(UrlPartition(appointment.ManagementUrl), "ref") { ["Number"] = number };
        try
        {
            await Table.AddEntityAsync(urlRow, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            var owner = (await Table.GetEntityAsync<TableEntity>(urlRow.PartitionKey, "ref", cancellationToken: cancellationToken)).Value.GetString("Number");
            if (owner != number && (await ListAsync(owner, cancellationToken)).Any(a => a.ManagementUrl == appointment.ManagementUrl))
            {
                return AddOutcome.UrlTakenByAnotherNumber;
            }

            // A tie left without its appointment (deleted meanwhile): it now belongs to this number.
            await Table.UpsertEntityAsync(urlRow, TableUpdateMode.Replace, cancellationToken);
        }

        return await ChangeAsync(number, items =>
        {
            var existing = items.FindIndex(a => a.ManagementUrl == appointment.ManagementUrl);
            if (existing >= 0 && Same(items[existing], appointment))
            {
                return (AddOutcome.AlreadyThere, null);
            }

            var changed = new List<Appointment>(items);
            if (existing >= 0)
            {
                changed[existing] = appointment; // the same booking, moved: its URL stays
            }
            else
            {
                changed.Add(appointment);
            }

            return (AddOutcome.Added, changed);
        }, cancellationToken);
    }

    /// <summary>Deletes the appointments matching all four values; how many.</summary>
    public async Task<int> DeleteAsync(string number, string meetingPointId, string meetingPoint, DateTimeOffset date, CancellationToken cancellationToken)
    {
        List<Appointment> removed = [];
        var count = await ChangeAsync(number, items =>
        {
            removed = items.Where(a => a.MeetingPointId == meetingPointId && a.MeetingPoint == meetingPoint && a.AppointmentDate == date).ToList();
            return removed.Count == 0 ? (0, null) : (removed.Count, items.Except(removed).ToList());
        }, cancellationToken);
        foreach (var appointment in removed)
        {
            await Table.DeleteEntityAsync(UrlPartition(appointment.ManagementUrl), "ref", cancellationToken: cancellationToken);
        }

        return count;
    }

    /// <summary>Every appointment of a number and their URL ties (retention).</summary>
    public async Task DeleteAllAsync(string number, CancellationToken cancellationToken)
    {
        foreach (var appointment in await ListAsync(number, cancellationToken))
        {
            await Table.DeleteEntityAsync(UrlPartition(appointment.ManagementUrl), "ref", cancellationToken: cancellationToken);
        }

        await Table.DeleteEntityAsync(number, ListRow, cancellationToken: cancellationToken);
    }

    private async Task<T> ChangeAsync<T>(string number, Func<List<Appointment>, (T Result, List<Appointment>? Items)> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var (items, etag) = await ReadAsync(number, cancellationToken);
            var (result, changed) = decide([.. items]);
            if (changed is null)
            {
                return result;
            }

            var entity = new TableEntity(number, ListRow) { ["Items"] = JsonSerializer.Serialize(changed, AppJsonContext.Default.ListAppointment) };
            try
            {
                if (etag is null)
                {
                    await Table.AddEntityAsync(entity, cancellationToken);
                }
                else
                {
                    await Table.UpdateEntityAsync(entity, etag.Value, TableUpdateMode.Replace, cancellationToken);
                }

                return result;
            }
            catch (RequestFailedException exception) when (exception.Status is 409 or 412)
            {
                // another booking tool changed this number's appointments meanwhile: read again
            }
        }

        throw new InvalidOperationException($"The appointments of {number} kept changing.");
    }

    private async Task<(List<Appointment> Items, ETag? ETag)> ReadAsync(string number, CancellationToken cancellationToken)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(number, ListRow, cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is not { } entity)
        {
            return ([], null);
        }

        return (JsonSerializer.Deserialize(entity.GetString("Items"), AppJsonContext.Default.ListAppointment) ?? [], entity.ETag);
    }

    private static bool Same(Appointment a, Appointment b) =>
        a.MeetingPointId == b.MeetingPointId && a.MeetingPoint == b.MeetingPoint && a.AppointmentDate == b.AppointmentDate;

    private static string UrlPartition(string url) => $"url|{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url)))}";
}
