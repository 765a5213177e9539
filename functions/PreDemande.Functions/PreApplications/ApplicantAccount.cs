using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.PreApplications;

/// <summary>
/// The citizen's account on the portal, as the portal names it in the header
/// <see cref="Header"/>: an opaque subject (the FranceConnect <c>sub</c> as the portal hashes it;
/// never an e-mail). Only its SHA-256 is kept: on the pre-application (<c>Account</c>) and as the
/// partition of the account's list (table <c>accounts</c>, RowKey = reversed creation time and
/// number, so the newest comes first and a page is one range query). Handlers take it as a
/// header parameter (<c>[FromHeader(Name = ApplicantAccount.Header)] ApplicantAccount?</c>);
/// a malformed header never reaches a handler: <see cref="Http.ApplicantAccountFilter"/> answers the problem.
/// </summary>
public sealed record ApplicantAccount(string Hash) : IParsable<ApplicantAccount>
{
    public const string Header = "X-Applicant-Account";

    public const int MaxSubjectLength = 256;

    /// <summary>The account a header names; null without one; false when the value is not a subject.</summary>
    public static bool TryFrom(string? subject, out ApplicantAccount? account)
    {
        account = null;
        if (string.IsNullOrEmpty(subject))
        {
            return true;
        }

        if (subject.Length > MaxSubjectLength || subject.Any(c => c is < '!' or > '~'))
        {
            return false;
        }

        account = new ApplicantAccount(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"predemande-account:{subject}"))));
        return true;
    }

    /// <summary>The binding of a header that is present: the account it names, or false when it is not a subject.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, [MaybeNullWhen(false)] out ApplicantAccount result)
    {
        result = TryFrom(s, out var account) ? account : null;
        return result is not null;
    }

    public static ApplicantAccount Parse(string s, IFormatProvider? provider) =>
        TryParse(s, provider, out var account) ? account : throw new FormatException("Not an applicant account subject.");

    /// <summary>Whether a caller naming <paramref name="account"/> (or none) may see the record: the same account, or none on both sides.</summary>
    public static bool May(ApplicantAccount? account, PreApplicationRecord record) => string.Equals(account?.Hash, record.Account, StringComparison.Ordinal);

    /// <summary>The row of a pre-application in its account's list.</summary>
    public static string RowKey(DateTimeOffset createdAt, string number) => $"{DateTimeOffset.MaxValue.UtcTicks - createdAt.UtcTicks:D19}|{number}";
}

/// <summary>The lists of pre-applications by account (table <c>accounts</c>).</summary>
public sealed class AccountLists(StorageClients storage)
{
    private TableClient Table => storage.Table(StorageNames.Tables.Accounts);

    /// <summary>Adds the pre-application to its account's list; repeatable.</summary>
    public Task AddAsync(string account, DateTimeOffset createdAt, string number, CancellationToken cancellationToken) =>
        Table.UpsertEntityAsync(new TableEntity(account, ApplicantAccount.RowKey(createdAt, number)) { ["Number"] = number }, TableUpdateMode.Replace, cancellationToken);

    public Task RemoveAsync(string account, DateTimeOffset createdAt, string number, CancellationToken cancellationToken) =>
        Table.DeleteEntityAsync(account, ApplicantAccount.RowKey(createdAt, number), cancellationToken: cancellationToken);

    /// <summary>One page of an account's numbers, newest first, and the row key to continue after (null on the last page).</summary>
    public async Task<(IReadOnlyList<string> Numbers, string? After)> PageAsync(string account, string? after, int size, CancellationToken cancellationToken)
    {
        var rows = new List<(string RowKey, string? Number)>();
        await foreach (var row in storage.TableProvisioner.PartitionAsync(StorageNames.Tables.Accounts, account, "Number", after, size + 1, cancellationToken))
        {
            rows.Add(row);
            if (rows.Count > size)
            {
                break;
            }
        }

        var page = rows.Take(size).ToList();
        return (page.Select(r => r.Number).OfType<string>().ToList(), rows.Count > size ? page[^1].RowKey : null);
    }
}
