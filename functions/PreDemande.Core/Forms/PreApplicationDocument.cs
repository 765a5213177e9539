using PreDemande.Core.Fees;

namespace PreDemande.Core.Forms;

/// <summary>
/// The canonical pre-application as accepted: written once as <c>predemandes/{number}.json</c>
/// and never rewritten (the recap is rendered from it; corrections are kept apart).
/// </summary>
public sealed record PreApplicationDocument(
    string Number,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    Fee Fee,
    PreApplicationForm Form);
