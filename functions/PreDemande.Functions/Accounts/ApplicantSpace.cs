using System.Buffers.Text;
using System.Text;
using PreDemande.Core.Lifecycle;
using PreDemande.Functions.Audit;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Retention;
using PreDemande.Functions.Security;

namespace PreDemande.Functions.Accounts;

public enum Withdrawal
{
    Done,
    NotFound,
    Gone,
    Lodged,
}

/// <summary>What the portal does for the applicant's account: list its pre-applications, withdraw one.</summary>
public sealed class ApplicantSpace(AccountLists lists, PreApplicationStore store, Purger purger, AuditLog audit, Drafts.DraftStore drafts, Microsoft.Extensions.Options.IOptions<Drafts.DraftOptions> draftOptions, TimeProvider time)
{
    /// <summary>One page: one range query of the account's partition, then a point read per number, side by side (and on the first page, the drafts).</summary>
    public async Task<AccountPage> PageAsync(ApplicantAccount account, string? after, int size, CancellationToken cancellationToken)
    {
        var from = after is not null && TryReadCursor(after, out var rowKey) ? rowKey : null;
        var (numbers, next) = await lists.PageAsync(account.Hash, from, size, cancellationToken);
        var records = await Task.WhenAll(numbers.Select(number => store.GetAsync(number, cancellationToken)));
        var items = records
            .OfType<PreApplicationRecord>()
            .Where(record => ApplicantAccount.May(account, record) && record.Status != PreApplicationStatus.Purged) // a row left by a submission cut short, or a purge under way
            .Select(record => new AccountItem(record.Number, record.Form.Titles ?? [], record.StatusAt(time.GetUtcNow()), record.Document.CreatedAt, record.Document.ExpiresAt, Routes.PreApplication(record.Number)))
            .ToList();
        var page = new AccountPage(items, next is null ? null : Cursor(next));
        if (after is null)
        {
            // The first page lists the account's drafts too (at most MaxPerAccount: one range query).
            var saved = await drafts.ListAsync(account.Hash, draftOptions.Value.MaxPerAccount, cancellationToken);
            page = page with { Drafts = saved.Select(d => new AccountDraft(d.Id, d.ExpiresAt, $"/api/brouillons/{d.Id}")).ToList() };
        }

        return page;
    }

    public async Task<Withdrawal> WithdrawAsync(ClientIdentity client, ApplicantAccount? account, string number, CancellationToken cancellationToken)
    {
        // Read again when the record changed between the read and the tombstone (its recap marked
        // ready, an appointment declared): only a deposit at a mairie refuses the withdrawal.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await store.GetAsync(number, cancellationToken) is not { } record || !ApplicantAccount.May(account, record))
            {
                return Withdrawal.NotFound;
            }

            if (record.Status == PreApplicationStatus.Purged)
            {
                return Withdrawal.Gone;
            }

            if (!Lifecycle.Withdrawable(record.Status))
            {
                await audit.WriteAsync(client, number, "withdraw", "lodged", cancellationToken);
                return Withdrawal.Lodged;
            }

            if (await purger.WithdrawAsync(record, cancellationToken))
            {
                await audit.WriteAsync(client, number, "withdraw", "withdrawn", cancellationToken);
                return Withdrawal.Done;
            }
        }

        throw new InvalidOperationException($"Pre-application {number} kept changing while it was withdrawn; the applicant may try again.");
    }

    // The cursor is the last row key of the page, opaque to the portal (base64url).
    private static string Cursor(string rowKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(rowKey));

    public static bool TryReadCursor(string cursor, out string rowKey)
    {
        rowKey = string.Empty;
        if (cursor.Length > 200)
        {
            return false;
        }

        try
        {
            rowKey = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            return false;
        }

        return rowKey.Length == 30 && rowKey[19] == '|' && rowKey[..19].All(char.IsAsciiDigit) && rowKey[20..].All(char.IsAsciiLetterOrDigit);
    }
}
