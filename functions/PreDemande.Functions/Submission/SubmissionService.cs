using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using PreDemande.Core.Fees;
using PreDemande.Core.Forms;
using PreDemande.Core.Numbers;
using PreDemande.Functions.Http;
using PreDemande.Functions.PreApplications;

namespace PreDemande.Functions.Submission;

/// <summary>What a submission comes to: refused (the key, the form, a key already used for another form), or the pre-application created (or its first answer replayed).</summary>
public abstract record SubmitOutcome
{
    private SubmitOutcome()
    {
    }

    /// <summary>The Idempotency-Key is longer than <paramref name="MaxLength"/> or not printable ASCII.</summary>
    public sealed record InvalidKey(int MaxLength) : SubmitOutcome;

    /// <summary>The form fails the full validation, field by field.</summary>
    public sealed record InvalidForm(Dictionary<string, string[]> Errors) : SubmitOutcome;

    /// <summary>The Idempotency-Key already stands for another form (or another account).</summary>
    public sealed record KeyReused : SubmitOutcome;

    public sealed record Created(PreApplicationDocument Document, bool Replayed) : SubmitOutcome;
}

/// <summary>
/// A submission, from the portal's form or from a draft: checks the key, validates the form in
/// full, then draws a unique number, lists it under the applicant's account (when the portal
/// names one), stores the entity, then the canonical document blob. Every step can be replayed:
/// with an Idempotency-Key, a retry after a crash at any point completes the same
/// pre-application and answers as the first time.
/// </summary>
public sealed partial class SubmissionService(
    PreApplicationStore store,
    IdempotencyStore idempotency,
    AccountLists accounts,
    FormValidator validator,
    TimeProvider time,
    IOptions<SubmissionOptions> options,
    ILogger<SubmissionService> logger)
{
    private const int MaxNumberAttempts = 8;

    /// <summary>The submission's decision: the key checked, the form validated in full, the pre-application created or its first answer replayed.</summary>
    public async Task<SubmitOutcome> SubmitAsync(string clientId, string? idempotencyKey, ApplicantAccount? account, PreApplicationForm form, CancellationToken cancellationToken)
    {
        var maxKeyLength = options.Value.MaxIdempotencyKeyLength;
        if (idempotencyKey is { } key && (key.Length > maxKeyLength || key.Any(c => c is < ' ' or > '~')))
        {
            return new SubmitOutcome.InvalidKey(maxKeyLength);
        }

        var validation = validator.Validate(form, FrenchClock.Today(time));
        if (!validation.IsValid)
        {
            return new SubmitOutcome.InvalidForm(validation.Errors.ToDictionary());
        }

        return await CreateAsync(clientId, string.IsNullOrEmpty(idempotencyKey) ? null : idempotencyKey, account, validation.Form!, validation.Fee!, cancellationToken);
    }

    private async Task<SubmitOutcome> CreateAsync(string clientId, string? idempotencyKey, ApplicantAccount? account, PreApplicationForm form, Fee fee, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var createdAt = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

        IdempotencyStore.Reservation? reservation = null;
        string? ownerTag = null;
        var number = PreApplicationNumber.New();
        if (idempotencyKey is not null)
        {
            // The account is part of what the key stands for: the same key and form under another account is another request.
            var body = JsonSerializer.SerializeToUtf8Bytes(form, AppJsonContext.Default.PreApplicationForm);
            var bodyHash = Convert.ToHexStringLower(SHA256.HashData(account is null ? body : [.. body, .. System.Text.Encoding.UTF8.GetBytes(account.Hash)]));
            reservation = await idempotency.ReserveAsync(clientId, idempotencyKey, bodyHash, number, createdAt, cancellationToken);
            if (reservation.BodySha256 != bodyHash)
            {
                LogKeyReused(logger, clientId);
                return new SubmitOutcome.KeyReused();
            }

            (number, createdAt, ownerTag) = (reservation.Number, reservation.CreatedAt, IdempotencyStore.OwnerTag(clientId, idempotencyKey));
        }

        for (var attempt = 1; attempt <= MaxNumberAttempts; attempt++)
        {
            var document = new PreApplicationDocument(number, createdAt, createdAt.AddMonths(options.Value.ValidityMonths), fee, form);
            var json = PreApplicationStore.Serialize(document);
            if (account is not null)
            {
                await accounts.AddAsync(account.Hash, createdAt, number, cancellationToken); // listed first: a crash after it leaves a row the list skips
            }

            if (await store.TryInsertAsync(document, json, ownerTag, account?.Hash, cancellationToken))
            {
                await store.EnsureDocumentBlobAsync(number, json, cancellationToken);
                LogSubmitted(logger, number, clientId, fee.AmountEur, attempt);
                Telemetry.AppMetrics.Submissions.Add(1);
                return new SubmitOutcome.Created(document, Replayed: false);
            }

            var existing = await store.GetAsync(number, cancellationToken);
            if (ownerTag is not null && existing?.OwnerTag == ownerTag)
            {
                // A retry of a request whose entity was stored: finish its steps, answer as before.
                await store.EnsureDocumentBlobAsync(number, PreApplicationStore.Serialize(existing.Document), cancellationToken);
                LogReplayed(logger, number, clientId);
                return new SubmitOutcome.Created(existing.Document, Replayed: true);
            }

            if (account is not null)
            {
                await accounts.RemoveAsync(account.Hash, createdAt, number, cancellationToken); // the number is someone else's
            }

            LogCollision(logger, attempt);
            number = PreApplicationNumber.New();
            if (reservation is not null)
            {
                reservation = await idempotency.ReassignAsync(idempotencyKey!, reservation, number, cancellationToken);
            }
        }

        throw new InvalidOperationException($"No free pre-application number after {MaxNumberAttempts} attempts.");
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Pre-application {Number} submitted by {ClientId} (fee {FeeEur} EUR, number drawn in {Attempts} attempt(s))")]
    private static partial void LogSubmitted(ILogger logger, string number, string clientId, int feeEur, int attempts);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Pre-application {Number} replayed for {ClientId} (same Idempotency-Key and body)")]
    private static partial void LogReplayed(ILogger logger, string number, string clientId);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Idempotency-Key reused by {ClientId} with another body")]
    private static partial void LogKeyReused(ILogger logger, string clientId);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "Pre-application number already taken (attempt {Attempt}); drawing another")]
    private static partial void LogCollision(ILogger logger, int attempt);
}
