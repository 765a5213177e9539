using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Booking;

public enum AddOutcome
{
    Added,
    AlreadyThere,
    UrlTakenByAnotherNumber,
}

/// <summary>
/// The appointments of a number live on its pre-application entity (property
/// <c>Appointments</c>, a JSON list): a DR lookup or a status is one point read, and a change is
/// one conditional update of that entity. Table <c>appointments</c> keeps one row per management
/// URL (PartitionKey <c>url|{sha256}</c>) that ties it to one number. Personal data: deleted with
/// the pre-application (the tombstone drops the list, the purge deletes the ties).
/// </summary>
public sealed class Appointments(StorageClients storage, PreApplicationStore store)
{
    private TableClient Table => storage.Table(StorageNames.Tables.Appointments);

    /// <summary>
    /// Adds (or updates, same management URL) an appointment to the pre-application just read
    /// (changed again from storage only if it moved meanwhile); refused when the URL belongs to
    /// another number.
    /// </summary>
    public async Task<AddOutcome> AddAsync(PreApplicationRecord known, Appointment appointment, CancellationToken cancellationToken)
    {
        var number = known.Number;
        // The URL is tied to this number first: a crash after it leaves a tie the retry reuses.
        var urlRow = new TableEntity(UrlPartition(appointment.ManagementUrl), "ref") { ["Number"] = number };
        try
        {
            await Table.AddEntityAsync(urlRow, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            var owner = (await Table.GetEntityAsync<TableEntity>(urlRow.PartitionKey, "ref", cancellationToken: cancellationToken)).Value.GetString("Number");
            if (owner != number && (await store.GetAsync(owner, cancellationToken))?.Appointments.Any(a => a.ManagementUrl == appointment.ManagementUrl) == true)
            {
                return AddOutcome.UrlTakenByAnotherNumber;
            }

            // A tie left without its appointment (deleted meanwhile): it now belongs to this number.
            await Table.UpsertEntityAsync(urlRow, TableUpdateMode.Replace, cancellationToken);
        }

        var outcome = AddOutcome.Added;
        await store.ChangeAsync(number, known, record =>
        {
            var changed = new List<Appointment>(record.Appointments);
            var existing = changed.FindIndex(a => a.ManagementUrl == appointment.ManagementUrl);
            if (existing >= 0 && Same(changed[existing], appointment))
            {
                outcome = AddOutcome.AlreadyThere;
                return null;
            }

            outcome = AddOutcome.Added;
            if (existing >= 0)
            {
                changed[existing] = appointment; // the same booking, moved: its URL stays
            }
            else
            {
                changed.Add(appointment);
            }

            return new PreApplicationChange(Appointments: changed);
        }, cancellationToken);
        return outcome;
    }

    /// <summary>Deletes the appointments matching all four values; how many.</summary>
    public async Task<int> DeleteAsync(string number, string meetingPointId, string meetingPoint, DateTimeOffset date, CancellationToken cancellationToken)
    {
        List<Appointment> removed = [];
        await store.ChangeAsync(number, known: null, record =>
        {
            removed = record.Appointments.Where(a => a.MeetingPointId == meetingPointId && a.MeetingPoint == meetingPoint && a.AppointmentDate == date).ToList();
            return removed.Count == 0 ? null : new PreApplicationChange(Appointments: record.Appointments.Except(removed).ToList());
        }, cancellationToken);
        foreach (var appointment in removed)
        {
            await Table.DeleteEntityAsync(UrlPartition(appointment.ManagementUrl), "ref", cancellationToken: cancellationToken);
        }

        return removed.Count;
    }

    /// <summary>The URL ties of these appointments (retention: the list itself goes with the entity).</summary>
    public async Task DeleteTiesAsync(IEnumerable<Appointment> appointments, CancellationToken cancellationToken)
    {
        foreach (var appointment in appointments)
        {
            await Table.DeleteEntityAsync(UrlPartition(appointment.ManagementUrl), "ref", cancellationToken: cancellationToken);
        }
    }

    private static bool Same(Appointment a, Appointment b) =>
        a.MeetingPointId == b.MeetingPointId && a.MeetingPoint == b.MeetingPoint && a.AppointmentDate == b.AppointmentDate;

    private static string UrlPartition(string url) => $"url|{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url)))}";
}
