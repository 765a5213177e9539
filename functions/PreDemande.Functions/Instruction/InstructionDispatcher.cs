using System.Text.Json;
using Microsoft.Extensions.Options;
using PreDemande.Core.Geography;
using PreDemande.Core.Numbers;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.Lodging;
using PreDemande.Functions.PreApplications;

namespace PreDemande.Functions.Instruction;

/// <summary>
/// Turns each complete dossier (<c>dossiers-deposes</c>) into one instruction task on the queue
/// of the CERT that instructs the lodging mairie's département. The dossier message may come
/// twice and a run may die after sending: the task is sent once per pre-application through
/// <see cref="OutgoingMessages"/>, with the stable id <c>task-{number}</c>. A message that names
/// no lodged pre-application, or is not a dossier message, fails: after the host's retries it
/// ends in <c>dossiers-deposes-poison</c>, its reason in the log.
/// </summary>
public sealed partial class InstructionDispatcher(
    PreApplicationStore store,
    OutgoingMessages outgoing,
    IOptions<InstructionOptions> options,
    ILogger<InstructionDispatcher> logger)
{
    public const string CollectionMode = DossierSender.CollectionMode;

    public static string TaskId(string number) => $"task-{number}";

    public async Task DispatchAsync(string dossierJson, CancellationToken cancellationToken)
    {
        var dossier = JsonSerializer.Deserialize(dossierJson, AppJsonContext.Default.DossierMessage)
            ?? throw new InvalidInvocationException("the dossier message is null");
        if (!PreApplicationNumber.TryNormalize(dossier.Number, out var number) || number != dossier.Number)
        {
            throw new InvalidInvocationException("the dossier message has no well-formed number");
        }

        var record = await store.GetAsync(number, cancellationToken)
            ?? throw new InvalidInvocationException($"no pre-application {number}");
        if (record.Lodging is not { Complete: true } lodging)
        {
            throw new InvalidInvocationException($"pre-application {number} is not lodged with every document archived");
        }

        var task = TaskOf(record, lodging);
        var queue = options.Value.QueueFor(task.Departement);
        var body = new BinaryData(JsonSerializer.SerializeToUtf8Bytes(task, AppJsonContext.Default.InstructionTask));
        switch (await outgoing.SendOnceAsync(record, task.Id, queue, body, cancellationToken))
        {
            case SendOutcome.Sent:
                LogDispatched(logger, number, task.Departement, queue);
                Telemetry.AppMetrics.Dispatches.Add(1, new KeyValuePair<string, object?>("departement", task.Departement));
                break;
            case SendOutcome.AlreadySent:
                LogRepeat(logger, number);
                break;
            default:
                throw new InvalidOperationException($"The task of {number} is being sent by another run; retry later.");
        }
    }

    public static InstructionTask TaskOf(PreApplicationRecord record, LodgingState lodging) => new(
        TaskId(record.Number),
        record.Number,
        lodging.At,
        MairieRef.Of(lodging),
        Departements.Of(lodging.Mairie),
        CollectionMode,
        record.Form.Titles ?? [],
        record.Corrected is not null,
        new TaskLinks(PrefectureRoutes.PreApplication(record.Number)),
        lodging.Expected
            .Where(d => lodging.Archived.ContainsKey(d.Kind))
            .Select(d => lodging.Archived[d.Kind] is var scan ? new TaskDocument(d.Kind, scan.Sha256, scan.Bytes, scan.ContentType) : null!)
            .ToArray())
    {
        // The summary only: the task carries no name or address.
        ProofOfAddress = lodging.Archived.Values.Select(scan => scan.Proof?.Summary).FirstOrDefault(summary => summary is not null),
    };

    [LoggerMessage(EventId = 900, Level = LogLevel.Information, Message = "Instruction task of {Number} sent to {Queue} (département {Departement})")]
    private static partial void LogDispatched(ILogger logger, string number, string departement, string queue);

    [LoggerMessage(EventId = 901, Level = LogLevel.Information, Message = "Dossier message of {Number} seen again; its task was already sent")]
    private static partial void LogRepeat(ILogger logger, string number);
}

public static class PrefectureRoutes
{
    public static string PreApplication(string number) => $"/api/prefecture/predemandes/{number}";
}
