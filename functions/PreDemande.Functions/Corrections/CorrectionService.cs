using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;
using PreDemande.Core.Forms;
using PreDemande.Functions.Http;
using PreDemande.Functions.Mairie;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Security;
using PreDemande.Core.Lifecycle;

namespace PreDemande.Functions.Corrections;

public abstract record CorrectionOutcome(string Audit)
{
    /// <summary>Not found, expired or lodged elsewhere (see <see cref="MairieAccess"/>).</summary>
    public sealed record Refused(MairieAccess Access) : CorrectionOutcome(Access.Outcome);

    /// <summary>Lodged here already: the data went with the dossier, corrections are closed.</summary>
    public sealed record Closed(PreApplicationRecord Record) : CorrectionOutcome("closed");

    /// <summary>The version the agent corrected is not the current one.</summary>
    public sealed record Stale() : CorrectionOutcome("stale");

    public sealed record Invalid(Dictionary<string, string[]> Errors) : CorrectionOutcome("invalid");

    public sealed record TooMany() : CorrectionOutcome("tooMany");

    /// <summary>Applied (or nothing to change): the record as it now stands.</summary>
    public sealed record Done(PreApplicationRecord Record, PreApplicationStatus Status, int Changes) : CorrectionOutcome(Changes == 0 ? "unchanged" : "corrected");
}

/// <summary>
/// Corrections made at the mairie with the applicant: a JSON merge patch of the form, validated
/// with the submission's rules (as on the day of submission), kept beside the original as the
/// corrected form plus one correction per changed field (who, where, when, before, after).
/// The original document and its recap are never touched.
/// </summary>
public sealed partial class CorrectionService(PreApplicationStore store, FormValidator validator, TimeProvider time, ILogger<CorrectionService> logger)
{
    private const string FormMember = "form";

    public async Task<CorrectionOutcome> CorrectAsync(ClientIdentity client, string number, string ifMatch, JsonObject patch, CancellationToken cancellationToken)
    {
        var access = MairieAccess.Check(await store.GetAsync(number, cancellationToken), client, time.GetUtcNow());
        if (!access.IsGranted)
        {
            return new CorrectionOutcome.Refused(access);
        }

        var record = access.Record!;
        if (!Lifecycle.Allows(record.Status, LifecycleEvent.Lodged) || record.Lodging is not null)
        {
            return new CorrectionOutcome.Closed(record);
        }

        if (!Matches(ifMatch, record.Version))
        {
            return new CorrectionOutcome.Stale();
        }

        var errors = new ValidationErrors();
        var formPatch = ReadFormPatch(patch, errors);
        if (!errors.IsEmpty)
        {
            return new CorrectionOutcome.Invalid(errors.ToDictionary());
        }

        var current = JsonSerializer.SerializeToNode(record.Form, AppJsonContext.Default.PreApplicationForm);
        PreApplicationForm? merged;
        try
        {
            merged = FormPatch.Apply(current, formPatch).Deserialize(AppJsonContext.Default.PreApplicationForm);
        }
        catch (JsonException exception)
        {
            var path = exception.Path is { Length: > 1 } p ? p.TrimStart('$', '.') : FormMember;
            return new CorrectionOutcome.Invalid(new() { [path] = ["Valeur illisible ou de type incorrect."] });
        }

        // The rules are those of the day of submission (e.g. "a minor needs a legal representative").
        var validation = validator.Validate(merged, FrenchClock.DateOf(record.Document.CreatedAt));
        if (!validation.IsValid)
        {
            return new CorrectionOutcome.Invalid(validation.Errors.ToDictionary());
        }

        var changes = FormPatch.Diff(current, JsonSerializer.SerializeToNode(validation.Form, AppJsonContext.Default.PreApplicationForm));
        if (changes.Count == 0)
        {
            return new CorrectionOutcome.Done(record, access.Status!.Value, 0);
        }

        var at = time.GetUtcNow();
        var corrections = (record.Corrected?.Corrections ?? [])
            .Concat(changes.Select(c => new Correction(c.Field, c.Before, c.After, client.Id, client.Scope!, at)))
            .ToArray();
        var corrected = new CorrectedForm(validation.Form!, validation.Fee!, corrections);
        if (JsonSerializer.Serialize(corrected, AppJsonContext.Default.CorrectedForm).Length > PreApplicationStore.MaxPropertyChars)
        {
            return new CorrectionOutcome.TooMany();
        }

        if (await store.TryUpdateAsync(record, new PreApplicationChange(Corrected: corrected), cancellationToken) is not { } updated)
        {
            return new CorrectionOutcome.Stale();
        }

        LogCorrected(logger, number, client.Id, changes.Count);
        return new CorrectionOutcome.Done(updated, access.Status!.Value, changes.Count);
    }

    /// <summary>If-Match holds <c>*</c> or a list of strong entity tags, one of which must be the current version.</summary>
    public static bool Matches(string ifMatch, string version) =>
        ifMatch.Trim() == "*"
        || (EntityTagHeaderValue.TryParseList([ifMatch], out var tags) && tags.Any(t => !t.IsWeak && t.Tag.ToString() == version));

    // The patch applies to the mairie's view of the pre-application, where only "form" may change.
    private static JsonNode? ReadFormPatch(JsonObject patch, ValidationErrors errors)
    {
        foreach (var (name, _) in patch.Where(p => p.Key != FormMember))
        {
            errors.Add(name, "Seuls les champs du formulaire (sous « form ») peuvent être corrigés.");
        }

        if (!patch.TryGetPropertyValue(FormMember, out var form) || form is not JsonObject)
        {
            errors.Add(FormMember, "Objet attendu : les champs du formulaire à corriger.");
            return null;
        }

        FormPatch.CheckMembers(form, AppJsonContext.Default.PreApplicationForm, string.Empty, errors);
        return form;
    }

    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "Pre-application {Number} corrected by {ClientId} ({Changes} field(s))")]
    private static partial void LogCorrected(ILogger logger, string number, string clientId, int changes);
}
