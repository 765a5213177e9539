using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PreDemande.Functions.Audit;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.Http;
using PreDemande.Functions.Problems;
using PreDemande.Functions.Security;
using PreDemande.Functions.Storage;
using PreDemande.Core.Lifecycle;

using PreDemande.Functions.Settings;

namespace PreDemande.Functions.Instruction;

/// <summary>
/// The instruction: the task of each complete dossier to the CERT's queue
/// (<see cref="DispatchTask"/>), the préfecture's read and its progress events. Every read and
/// event is audited.
/// </summary>
public static class PrefectureEndpoints
{
    public const int MaxEventBodyBytes = 4 * 1024;
    public static readonly FunctionDeclaration DispatchTask = FunctionDeclaration.Queue("DispatchInstructionTask", StorageNames.Queues.DossiersDeposes);

    public static IServiceCollection AddInstruction(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InstructionOptions>().Bind(configuration.GetSection(InstructionOptions.Section)).Checked();
        services.AddSingleton<InstructionDispatcher>();
        services.AddSingleton<PrefectureReader>();
        services.AddSingleton<StatusEvents>();
        services.AddHostedService<InstructionQueues>();
        services.AddTriggerFunction<InstructionDispatcher>(DispatchTask, (dispatcher, invocation, cancellationToken) =>
            dispatcher.DispatchAsync(invocation.RequiredDataString("message"), cancellationToken));
        return services;
    }

    /// <summary>On <c>/api/prefecture</c>, role Prefecture.</summary>
    public static RouteGroupBuilder MapPrefecture(this RouteGroupBuilder api)
    {
        var prefecture = api.MapGroup("/prefecture").WithTags("Préfecture (CERT)").RequireAuthorization(Policies.Prefecture);
        prefecture.MapGet("/predemandes/{number}", ReadAsync)
            .AsFunction("PrefectureRead")
            .ProducesPrefectureProblems()
            .WithSummary("Lit une pré-demande déposée dans un des départements du service (audité)")
            .WithDescription("Formulaire d'origine et corrigé, corrections, dépôt, documents avec leur SHA-256 et une URL de lecture valable 15 minutes, statut et historique.");
        prefecture.MapPost("/predemandes/{number}/events", PostEventAsync)
            .AsFunction("PrefectureEvent")
            .AcceptsJson<EventRequest>(new JsonBodyLimits(MaxEventBodyBytes))
            .ProducesPrefectureProblems()
            .WithSummary("Signale l'avancement de l'instruction (audité)")
            .WithDescription("consumed → instructionStarted → (refused | inProduction) ; inProduction → available ; available → handedOver | destroyed. Le même événement (même type ou même eventId) : 200 sans effet. Un événement qui ne suit pas : 409 avec le statut actuel.");
        return prefecture;
    }

    private static async Task<Results<Ok<PrefectureView>, ProblemHttpResult>> ReadAsync(
        RouteNumber number,
        ClientIdentity client,
        PrefectureReader reader,
        AuditLog audit,
        CancellationToken cancellationToken)
    {
        var access = await reader.ReadAsync(number, client, cancellationToken);

        // The read is recorded before any data leaves: no audit, no data.
        await audit.WriteAsync(client, number, "prefectureRead", access.Outcome, cancellationToken);
        return access.IsGranted ? TypedResults.Ok(await reader.ViewAsync(access, cancellationToken)) : access.Problem(number);
    }

    private static async Task<Results<Ok<EventResponse>, ValidationProblem, ProblemHttpResult>> PostEventAsync(
        RouteNumber number,
        JsonBody<EventRequest> body,
        ClientIdentity client,
        StatusEvents events,
        AuditLog audit,
        CancellationToken cancellationToken)
    {
        var outcome = await events.RecordAsync(client, number, body.Value!, cancellationToken);
        await audit.WriteAsync(client, number, $"prefectureEvent:{body.Value!.Type}", outcome.Audit, cancellationToken);
        return outcome switch
        {
            EventOutcome.Done done => TypedResults.Ok(new EventResponse(number, done.Record.Status, done.Applied, PrefectureReader.History(done.Record))),
            EventOutcome.Invalid invalid => ProblemResults.Validation(invalid.Errors),
            EventOutcome.Conflict conflict => ConflictProblem(number, conflict),
            EventOutcome.Refused refused => refused.Access.Problem(number),
            _ => throw new InvalidOperationException($"Unknown event outcome {outcome.GetType().Name}"),
        };
    }

    private static ProblemHttpResult ConflictProblem(string number, EventOutcome.Conflict conflict)
    {
        var next = Lifecycle.InstructionEventsFrom(conflict.Status).Select(e => e.Name()).ToArray();
        return TypedResults.Problem(
            detail: $"La pré-demande {number} est au statut {conflict.Status.Name()} : l'événement {conflict.Type.Name()} ne peut pas le suivre"
                + (next.Length == 0 ? " (plus aucun événement n'est attendu)." : $" (attendu : {string.Join(" ou ", next)})."),
            statusCode: StatusCodes.Status409Conflict,
            title: "Événement hors séquence",
            type: ProblemResults.TypePrefix + "event-out-of-sequence",
            extensions: new Dictionary<string, object?> { ["currentStatus"] = conflict.Status.Name(), ["expected"] = next });
    }

    private static RouteHandlerBuilder ProducesPrefectureProblems(this RouteHandlerBuilder builder) =>
        builder
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
