using Microsoft.AspNetCore.Http.HttpResults;
using PreDemande.Core.Forms;
using PreDemande.Core.Numbers;
using PreDemande.Functions.Audit;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.Http;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Problems;
using PreDemande.Functions.Security;
using PreDemande.Core.Lifecycle;

namespace PreDemande.Functions.Mairie;

/// <summary>The mairie's DR: look a pre-application up by number (or QR code), find numbers in typed or scanned text. Every read is audited.</summary>
public static class MairieEndpoints
{
    public const int MaxSearchResults = 10;

    /// <summary>Lookup and search, on <c>/api/dr</c>: role Mairie.</summary>
    public static RouteGroupBuilder MapMairie(this RouteGroupBuilder api)
    {
        var dr = api.MapGroup("/dr").WithTags("Mairie (DR)").RequireAuthorization(Policies.Mairie);
        dr.MapGet("/predemandes/{number}", LookupAsync)
            .AsFunction("MairieLookup")
            .ProducesAccessProblems()
            .WithSummary("Rappelle une pré-demande par son numéro ou son QR code (audité)")
            .WithDescription("Le formulaire tel que corrigé, les corrections, le formulaire d'origine s'il a été corrigé, et l'ETag à renvoyer dans If-Match pour corriger.");
        dr.MapPost("/search", SearchAsync)
            .AsFunction("MairieSearch")
            .AcceptsJson<SearchRequest>(new JsonBodyLimits(16 * 1024))
            .WithSummary("Trouve les numéros dans un texte saisi ou scanné (au plus 10), avec leur statut");
        return dr;
    }

    private static async Task<Results<Ok<MairieView>, ProblemHttpResult>> LookupAsync(
        RouteNumber number,
        ClientIdentity client,
        PreApplicationStore store,
        AuditLog audit,
        HttpResponse response,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        // One point read (the appointments are on the entity); nothing leaves before the audit record is written.
        var access = MairieAccess.Check(await store.GetAsync(number, cancellationToken), client, time.GetUtcNow());
        await audit.WriteAsync(client, number, "lookup", access.Outcome, cancellationToken);
        Telemetry.AppMetrics.Lookups.Add(1, new KeyValuePair<string, object?>("outcome", access.Outcome));
        if (!access.IsGranted)
        {
            return access.Problem(number);
        }

        response.Headers.ETag = access.Record!.Version;
        return TypedResults.Ok(MairieView.Of(access.Record, access.Status!.Value) with
        {
            Appointments = access.Record.Appointments.OrderBy(a => a.AppointmentDate).Select(Booking.BookedAppointment.From).ToArray(),
        });
    }

    private static async Task<Results<Ok<SearchResponse>, ValidationProblem>> SearchAsync(
        JsonBody<SearchRequest> body,
        ClientIdentity client,
        PreApplicationStore store,
        AuditLog audit,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.Value?.Input))
        {
            return ProblemResults.Field("input", FieldRules.Required);
        }

        var hits = await Task.WhenAll(NumberFinder.Find(body.Value.Input, MaxSearchResults).Select(async number =>
        {
            var record = await store.GetAsync(number, cancellationToken);
            var status = record is null ? "unknown" : record.StatusAt(time.GetUtcNow()).Name();
            await audit.WriteAsync(client, number, "search", status, cancellationToken);
            return new SearchHit(number, status);
        }));
        return TypedResults.Ok(new SearchResponse(hits));
    }
}
