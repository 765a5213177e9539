using PreDemande.Core.Geography;
using PreDemande.Core.Lifecycle;
using PreDemande.Functions.PreApplications;

namespace PreDemande.Functions.Submission;

/// <summary>A mairie as the applicant reads it: its INSEE code and its name.</summary>
public sealed record MairieName(string Code, string Name);

/// <summary>
/// One stage of the application as its applicant follows it: what happened (<c>status</c>), when,
/// in the applicant's words (<c>text</c>), and as the stage has them: the mairie, the last day to
/// collect the title (<c>until</c>, Paris date), the reason of a refusal.
/// </summary>
public sealed record Stage(PreApplicationStatus Status, DateTimeOffset At, string Text)
{
    public MairieName? Mairie { get; init; }

    public DateOnly? Until { get; init; }

    public string? Reason { get; init; }
}

/// <summary>The stages of a pre-application, oldest first, from its record (no storage call).</summary>
public static class Progress
{
    /// <summary>A title not collected is destroyed by the mairie 3 months after it is available (published: docs/domain-sources.md).</summary>
    public const int CollectionMonths = 3;

    public static IReadOnlyList<Stage> Of(PreApplicationRecord record, PreApplicationStatus effective)
    {
        var stages = new List<Stage> { new(PreApplicationStatus.Submitted, record.Document.CreatedAt, "Pré-demande enregistrée.") };
        if (record.RecapReadyAt is { } recap)
        {
            stages.Add(new(PreApplicationStatus.RecapReady, recap, "Récapitulatif prêt : à présenter au rendez-vous en mairie."));
        }

        MairieName? mairie = null;
        if (record.Lodging is { } lodging)
        {
            mairie = new MairieName(lodging.Mairie, Departements.CommuneName(lodging.Mairie));
            stages.Add(new(PreApplicationStatus.Consumed, lodging.At, $"Demande déposée à la mairie de {mairie.Name}.") { Mairie = mairie });
        }

        foreach (var step in record.History)
        {
            stages.Add(Text(step, mairie));
        }

        if (effective == PreApplicationStatus.Expired)
        {
            stages.Add(new(PreApplicationStatus.Expired, record.Document.ExpiresAt, "Pré-demande expirée : elle n'a pas été déposée en mairie à temps ; en faire une nouvelle."));
        }

        return stages;
    }

    private static Stage Text(StatusEvent step, MairieName? mairie)
    {
        var at = mairie?.Name ?? "de dépôt";
        return step.Status switch
        {
            PreApplicationStatus.UnderInstruction => new(step.Status, step.At, "Demande en cours d'instruction."),
            PreApplicationStatus.InProduction => new(step.Status, step.At, "Titre en cours de fabrication."),
            PreApplicationStatus.Available => new(step.Status, step.At, $"Titre disponible à la mairie de {at} : à retirer avant le {Until(step.At):dd/MM/yyyy}, muni du récépissé.")
            {
                Mairie = mairie,
                Until = Until(step.At),
            },
            PreApplicationStatus.HandedOver => new(step.Status, step.At, "Titre remis."),
            PreApplicationStatus.Refused => new(step.Status, step.At, $"Demande refusée{(step.Reason is null ? "." : $" : {step.Reason}")}") { Reason = step.Reason, Mairie = mairie },
            PreApplicationStatus.Destroyed => new(step.Status, step.At, "Titre non retiré dans le délai : il a été détruit."),
            PreApplicationStatus.Submitted or PreApplicationStatus.RecapReady or PreApplicationStatus.Consumed
                or PreApplicationStatus.Expired or PreApplicationStatus.Purged => new(step.Status, step.At, Statuses.Name(step.Status)),
        };
    }

    // The last day to collect it, a Paris date: the day before the same date 3 months on.
    private static DateOnly Until(DateTimeOffset available) =>
        Http.FrenchClock.DateOf(available).AddMonths(CollectionMonths).AddDays(-1);
}
