using PreDemande.Core.Forms;
using PreDemande.Functions.Submission;

namespace PreDemande.Functions.Mairie;

/// <summary>A correction made at the mairie: who, when, the field, before and after.</summary>
public sealed record CorrectionView(string Field, string? Before, string? After, string By, string Mairie, DateTimeOffset At);

/// <summary>Answer of <c>GET /api/dr/predemandes/{number}</c>: data, status, corrections, ETag.</summary>
public sealed record DrPreApplicationView(
    string Number,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    FeeView Fee,
    string RecapUrl,
    PreApplicationForm Form,
    IReadOnlyList<CorrectionView> Corrections,
    string ETag);

public sealed record SearchRequest(string? Input);

public sealed record SearchHit(string Number, string Status);

public sealed record SearchResponse(IReadOnlyList<SearchHit> Numbers);
