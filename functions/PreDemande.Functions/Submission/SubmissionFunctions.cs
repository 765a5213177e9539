using Microsoft.Extensions.Options;
using PreDemande.Core.Forms;
using PreDemande.Core.Numbers;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.Http;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Problems;
using PreDemande.Functions.Security;

namespace PreDemande.Functions.Submission;

/// <summary>The citizen portal's functions: submit a pre-application, read it back.</summary>
public static class SubmissionFunctions
{
    public static readonly FunctionDeclaration Submit = FunctionDeclaration.Http("SubmitPreApplication", "POST", "predemandes");
    public static readonly FunctionDeclaration Get = FunctionDeclaration.Http("GetPreApplication", "GET", "predemandes/{number}");

    public static IServiceCollection AddSubmission(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SubmissionOptions>(configuration.GetSection(SubmissionOptions.Section));
        // The commune list (about 200 ms to load) is read on the first validation, not at start-up.
        services.AddSingleton(_ => new FormValidator(Core.Geography.Communes.Default));
        services.AddSingleton<PreApplicationStore>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<SubmissionService>();
        services.AddHttpFunction(Submit, ClientRequirement.Of(ClientRole.Portal), SubmitAsync);
        services.AddHttpFunction(Get, ClientRequirement.Of(ClientRole.Portal), GetAsync);
        return services;
    }

    private static async Task<IResult> SubmitAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<SubmissionOptions>>().Value;
        var idempotencyKey = context.Request.Headers["Idempotency-Key"].ToString();
        if (idempotencyKey.Length > options.MaxIdempotencyKeyLength || idempotencyKey.Any(c => c is < ' ' or > '~'))
        {
            return ProblemResults.Validation(
                new Dictionary<string, string[]> { ["Idempotency-Key"] = [$"Au plus {options.MaxIdempotencyKeyLength} caractères ASCII imprimables."] },
                "En-tête Idempotency-Key invalide.");
        }

        var body = await JsonBody.ReadAsync(context, AppJsonContext.Default.PreApplicationForm, options.MaxBodyBytes);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var today = FrenchClock.Today(services.GetRequiredService<TimeProvider>());
        var validation = services.GetRequiredService<FormValidator>().Validate(body.Value, today);
        if (!validation.IsValid)
        {
            return ProblemResults.Validation(validation.Errors.ToDictionary());
        }

        var outcome = await services.GetRequiredService<SubmissionService>().SubmitAsync(
            context.Client().Id,
            idempotencyKey.Length == 0 ? null : idempotencyKey,
            validation.Form!,
            validation.Fee!,
            context.RequestAborted);
        if (outcome is SubmitOutcome.Created created)
        {
            if (created.Replayed)
            {
                context.Response.Headers["Idempotent-Replayed"] = "true";
            }

            var response = SubmitResponse.From(created.Document);
            return TypedResults.Created(Routes.PreApplication(response.Number), response);
        }

        return ProblemResults.IdempotencyMismatch();
    }

    private static async Task<IResult> GetAsync(HttpContext context)
    {
        var (number, problem) = NumberRoute.Read(context);
        if (number is null)
        {
            return problem!;
        }

        var store = context.RequestServices.GetRequiredService<PreApplicationStore>();
        var record = await store.GetAsync(number, context.RequestAborted);
        return record is null
            ? ProblemResults.NotFound($"Aucune pré-demande n'a le numéro {number}.")
            : TypedResults.Ok(PreApplicationView.From(record.Document, store.EffectiveStatus(record)));
    }
}
