using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using PreDemande.Core.Forms;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Drafts;

/// <summary>A saved, unfinished form of an account.</summary>
public sealed record Draft(string Id, PreApplicationForm Form, DateTimeOffset SavedAt, DateTimeOffset ExpiresAt);

/// <summary>
/// Table <c>drafts</c>: PartitionKey = the account's hash, RowKey = the draft's id (12 random
/// characters), the form as JSON. Only its account reads it: never a mairie nor a préfecture. A
/// purge is marked due at its expiry on every save (<see cref="DueTask.DraftExpiry"/>, key
/// <c>{account}-{id}</c>); the purge erases it only if it was not saved since.
/// </summary>
public sealed class DraftStore(StorageClients storage, DueDates due)
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
        await due.ScheduleAsync(DueTask.DraftExpiry, draft.ExpiresAt, Key(account, id), cancellationToken); // first: a crash after it leaves a marker that finds nothing to do
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

    /// <summary>False when there was no such draft (the table client answers a missing row without an error).</summary>
    public async Task<bool> DeleteAsync(string account, string id, CancellationToken cancellationToken) =>
        (await Table.DeleteEntityAsync(account, id, ETag.All, cancellationToken)).Status != 404;

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
        var (account, id) = (key[..^(IdLength + 1)], key[^IdLength..]);
        if (await GetAsync(account, id, cancellationToken) is { } draft && draft.ExpiresAt <= now)
        {
            await DeleteAsync(account, id, cancellationToken);
        }

        return true;
    }

    public static string Key(string account, string id) => $"{account}-{id}";

    private static Draft From(TableEntity entity) => new(
        entity.RowKey,
        JsonSerializer.Deserialize(entity.GetString("Form"), AppJsonContext.Default.PreApplicationForm) ?? new PreApplicationForm(),
        entity.GetDateTimeOffset("SavedAt") ?? DateTimeOffset.MinValue,
        entity.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MinValue);
}
