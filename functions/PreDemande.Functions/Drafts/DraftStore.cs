using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using PreDemande.Core.Forms;
using PreDemande.Functions.Scheduling;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Drafts;

/// <summary>A saved, unfinished form of an account.</summary>
public sealed record Draft(string Id, PreApplicationForm Form, DateTimeOffset SavedAt, DateTimeOffset ExpiresAt);

/// <summary>
/// Table <c>drafts</c>: PartitionKey = the account's hash, RowKey = the draft's id (12 random
/// characters), the form as JSON. Only its account reads it: never a mairie nor a préfecture. A
/// purge is marked due at its expiry on every save (<see cref="DueTask.DraftExpiry"/>, key
/// <c>{account}-{id}</c>), and the warning before it (<see cref="DueTask.DraftWarning"/>); each
/// finds the draft saved since and does nothing.
/// </summary>
public sealed class DraftStore(StorageClients storage, DueDates due, Notifications.Outbox outbox, Microsoft.Extensions.Options.IOptions<DraftOptions> options)
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    public const int IdLength = 12;

    private TableClient Table => storage.Table(StorageNames.Tables.Drafts);

    public static string NewId() => string.Create(IdLength, 0, (chars, _) =>
    {
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
    });

    public static bool IsId(string id) => id.Length == IdLength && id.All(c => Alphabet.Contains(c, StringComparison.Ordinal));

    public async Task<Draft?> GetAsync(string account, string id, CancellationToken cancellationToken)
    {
        if (!IsId(id))
        {
            return null;
        }

        var response = await Table.GetEntityIfExistsAsync<TableEntity>(account, id, cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } entity ? From(entity) : null;
    }

    /// <summary>Saves the draft (new or again) and marks its purge due at its new expiry.</summary>
    public async Task<Draft> SaveAsync(string account, string id, PreApplicationForm form, DateTimeOffset now, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var draft = new Draft(id, form, now, now + lifetime);
        // The markers first: a crash after them leaves markers that find nothing to do.
        await due.ScheduleAsync(DueTask.DraftExpiry, draft.ExpiresAt, Key(account, id), cancellationToken);
        await due.ScheduleAsync(DueTask.DraftWarning, draft.ExpiresAt - options.Value.WarnBefore, Key(account, id), cancellationToken);
        await Table.UpsertEntityAsync(
            new TableEntity(account, id)
            {
                ["Form"] = JsonSerializer.Serialize(form, AppJsonContext.Default.PreApplicationForm),
                ["SavedAt"] = draft.SavedAt,
                ["ExpiresAt"] = draft.ExpiresAt,
            },
            TableUpdateMode.Replace,
            cancellationToken);
        return draft;
    }

    /// <summary>Deletes the draft and its warning's outbox row; false when there was no such draft (the table client answers a missing row without an error).</summary>
    public async Task<bool> DeleteAsync(string account, string id, CancellationToken cancellationToken)
    {
        var deleted = (await Table.DeleteEntityAsync(account, id, ETag.All, cancellationToken)).Status != 404;
        await outbox.DeleteAsync(DraftWarnings.OutboxPartition(id), cancellationToken);
        return deleted;
    }

    /// <summary>The account's drafts (at most <paramref name="max"/>), one range query of its partition.</summary>
    public async Task<IReadOnlyList<(string Id, DateTimeOffset ExpiresAt)>> ListAsync(string account, int max, CancellationToken cancellationToken)
    {
        var rows = new List<(string, DateTimeOffset)>();
        await foreach (var (id, expires) in storage.TableProvisioner.PartitionAsync(StorageNames.Tables.Drafts, account, "ExpiresAt", afterRowKey: null, pageSize: max, cancellationToken))
        {
            rows.Add((id, DateTimeOffset.Parse(expires!, System.Globalization.CultureInfo.InvariantCulture)));
            if (rows.Count == max)
            {
                break;
            }
        }

        return rows;
    }

    /// <summary>The due purge of <c>{account}-{id}</c>: erases the draft unless it was saved again since (its expiry moved on). True when nothing is left to do.</summary>
    public async Task<bool> PurgeIfExpiredAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (account, id) = Split(key);
        if (await GetAsync(account, id, cancellationToken) is { } draft && draft.ExpiresAt <= now)
        {
            await DeleteAsync(account, id, cancellationToken);
        }

        return true;
    }

    public static string Key(string account, string id) => $"{account}-{id}";

    public static (string Account, string Id) Split(string key) => key.Length > IdLength + 1 ? (key[..^(IdLength + 1)], key[^IdLength..]) : (string.Empty, string.Empty);

    private static Draft From(TableEntity entity) => new(
        entity.RowKey,
        JsonSerializer.Deserialize(entity.GetString("Form"), AppJsonContext.Default.PreApplicationForm) ?? new PreApplicationForm(),
        entity.GetDateTimeOffset("SavedAt") ?? DateTimeOffset.MinValue,
        entity.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MinValue);
}
