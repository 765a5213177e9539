using PreDemande.Core.Documents;
using PreDemande.Core.Forms;
using PreDemande.Functions.Http;
using PreDemande.Functions.Mairie;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Security;
using PreDemande.Core.Lifecycle;

namespace PreDemande.Functions.Lodging;

public abstract record DepositOutcome(string Audit)
{
    /// <summary>Not found, expired or lodged elsewhere (see <see cref="MairieAccess"/>).</summary>
    public sealed record Refused(MairieAccess Access) : DepositOutcome(Access.Outcome);

    /// <summary>Past the lodging (instruction started): nothing more to upload here.</summary>
    public sealed record Closed() : DepositOutcome("closed");

    public sealed record Invalid(Dictionary<string, string[]> Errors) : DepositOutcome("invalid");

    /// <summary>Lodged here, now (<paramref name="First"/>) or by an earlier call.</summary>
    public sealed record Lodged(PreApplicationRecord Record, LodgingState Lodging, bool First) : DepositOutcome(First ? "lodged" : "repeated");
}

/// <summary>
/// Lodging at the mairie: the pre-application becomes <c>consumed</c> at this mairie, at most
/// once (a conditional update: of two mairies, one wins and the other then sees it lodged elsewhere, 409), with the list
/// of documents to scan worked out from the form as it stands. A repeated call by the same
/// mairie answers the same lodging.
/// </summary>
public sealed partial class DepositService(PreApplicationStore store, ReceiptService receipts, Reference.ComedecListStore comedecList, TimeProvider time, ILogger<DepositService> logger)
{
    public async Task<DepositOutcome> DepositAsync(ClientIdentity client, string number, IReadOnlyList<string> waived, CancellationToken cancellationToken)
    {
        DepositOutcome? outcome = null;
        var comedec = await comedecList.CurrentAsync(cancellationToken);
        var record = await store.ChangeAsync(number, known: null, current =>
        {
            (outcome, var change) = Decide(client, number, current, waived, comedec);
            return change;
        }, cancellationToken);
        if (record is null)
        {
            return new DepositOutcome.Refused(MairieAccess.Check(null, client, time.GetUtcNow()));
        }

        if (outcome is DepositOutcome.Lodged { First: true })
        {
            LogLodged(logger, number, client.Scope!, record.Lodging!.Expected.Count);
            Telemetry.AppMetrics.Lodgings.Add(1);
            outcome = new DepositOutcome.Lodged(record, record.Lodging, First: true);
        }

        if (outcome is DepositOutcome.Lodged lodged)
        {
            // The récépissé is drawn at the deposit (again by a repeated call, if the first one died before).
            await receipts.EnsureAsync(lodged.Record, lodged.Lodging, cancellationToken);
        }

        return outcome!;
    }

    private (DepositOutcome Outcome, PreApplicationChange? Change) Decide(ClientIdentity client, string number, PreApplicationRecord record, IReadOnlyList<string> waived, ComedecCommunes? comedec)
    {
        var access = MairieAccess.Check(record, client, time.GetUtcNow());
        if (!access.IsGranted)
        {
            return (new DepositOutcome.Refused(access), null);
        }

        if (record.Lodging is { } existing)
        {
            return (record.Status == Lifecycle.StatusAfter(LifecycleEvent.Lodged) ? new DepositOutcome.Lodged(record, existing, First: false) : new DepositOutcome.Closed(), null);
        }

        if (!Lifecycle.Allows(record.Status, LifecycleEvent.Lodged))
        {
            return (new DepositOutcome.Closed(), null);
        }

        var now = time.GetUtcNow();
        var today = FrenchClock.DateOf(now);
        var age = record.Form.ApplicantAgeOn(today) ?? throw new InvalidDataException($"Pre-application {number} has no valid birth date.");
        var expected = RequiredDocuments.For(record.Form, age, record.Fee, today, comedec);
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
            return (new DepositOutcome.Invalid(errors.ToDictionary()), null);
        }

        var lodging = new LodgingState(client.Scope!, client.Id, now, expected.Where(d => !waived.Contains(d.Kind)).ToArray());
        return (new DepositOutcome.Lodged(record, lodging, First: true), new PreApplicationChange(Status: Lifecycle.StatusAfter(LifecycleEvent.Lodged), Lodging: lodging));
    }

    [LoggerMessage(EventId = 800, Level = LogLevel.Information, Message = "Pre-application {Number} lodged at mairie {Mairie}; {Documents} document(s) expected")]
    private static partial void LogLodged(ILogger logger, string number, string mairie, int documents);
}
