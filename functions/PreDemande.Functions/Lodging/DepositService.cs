using System.Globalization;
using PreDemande.Core.Documents;
using PreDemande.Core.Fees;
using PreDemande.Core.Forms;
using PreDemande.Functions.Http;
using PreDemande.Functions.Mairie;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Security;

namespace PreDemande.Functions.Lodging;

public abstract record DepositOutcome(string Audit)
{
    /// <summary>Not found, expired or lodged elsewhere (see <see cref="MairieAccess"/>).</summary>
    public sealed record Refused(MairieAccess Access) : DepositOutcome(Access.Outcome);

    /// <summary>Past the lodging (instruction started): nothing more to upload here.</summary>
    public sealed record Closed(PreApplicationRecord Record) : DepositOutcome("closed");

    public sealed record Invalid(Dictionary<string, string[]> Errors) : DepositOutcome("invalid");

    /// <summary>Lodged here, now (<paramref name="First"/>) or by an earlier call.</summary>
    public sealed record Lodged(PreApplicationRecord Record, LodgingState Lodging, bool First) : DepositOutcome(First ? "lodged" : "repeated");
}

/// <summary>
/// Lodging at the mairie: the pre-application becomes <c>consumed</c> at this mairie, at most
/// once (a conditional update: of two mairies, one wins and the other gets 409), with the list
/// of documents to scan worked out from the form as it stands. A repeated call by the same
/// mairie answers the same lodging.
/// </summary>
public sealed partial class DepositService(PreApplicationStore store, TimeProvider time, ILogger<DepositService> logger)
{
    private const int MaxAttempts = 5;

    public async Task<DepositOutcome> DepositAsync(ClientIdentity client, string number, IReadOnlyList<string> waived, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var record = await store.GetAsync(number, cancellationToken);
            var access = MairieAccess.Check(number, record, store, client);
            if (!access.IsGranted)
            {
                return new DepositOutcome.Refused(access);
            }

            if (record!.Lodging is { } existing)
            {
                return record.Status == PreApplicationStatus.Consumed
                    ? new DepositOutcome.Lodged(record, existing, First: false)
                    : new DepositOutcome.Closed(record);
            }

            if (!PreApplicationStatus.IsUnused(record.Status))
            {
                return new DepositOutcome.Closed(record);
            }

            var now = time.GetUtcNow();
            var expected = ExpectedDocuments(record, DateOnly.FromDateTime(FrenchClock.ToParis(now)));
            var errors = new ValidationErrors();
            for (var i = 0; i < waived.Count; i++)
            {
                if (!RequiredDocuments.IsWaivable(waived[i]) || expected.All(d => d.Kind != waived[i]))
                {
                    errors.Add($"waived[{i}]", $"Seul un document attendu et dispensable peut être écarté ({RequiredDocuments.BirthCertificate}).");
                }
            }

            if (!errors.IsEmpty)
            {
                return new DepositOutcome.Invalid(errors.ToDictionary());
            }

            var lodging = new LodgingState(client.Scope!, client.Id, now, expected.Where(d => !waived.Contains(d.Kind)).ToArray());
            if (await store.TryUpdateAsync(record, new PreApplicationChange(Status: PreApplicationStatus.Consumed, Lodging: lodging), cancellationToken))
            {
                LogLodged(logger, number, client.Scope!, lodging.Expected.Count);
                return new DepositOutcome.Lodged(record with { Status = PreApplicationStatus.Consumed, LodgedBy = lodging.Mairie, LodgedAt = now, Lodging = lodging }, lodging, First: true);
            }

            // Changed meanwhile (another deposit, a recap marked ready): read again.
        }

        throw new InvalidOperationException($"Pre-application {number} kept changing while it was lodged.");
    }

    private static IReadOnlyList<RequiredDocument> ExpectedDocuments(PreApplicationRecord record, DateOnly today)
    {
        var birthDate = DateOnly.ParseExact(record.Form.Applicant!.BirthDate!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return RequiredDocuments.For(record.Form, FeeCalculator.AgeOn(birthDate, today), record.Fee);
    }

    [LoggerMessage(EventId = 800, Level = LogLevel.Information, Message = "Pre-application {Number} lodged at mairie {Mairie}; {Documents} document(s) expected")]
    private static partial void LogLodged(ILogger logger, string number, string mairie, int documents);
}
