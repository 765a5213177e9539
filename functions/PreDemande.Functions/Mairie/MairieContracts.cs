namespace PreDemande.Functions.Mairie;

public sealed record SearchRequest(string? Input);

public sealed record SearchHit(string Number, string Status);

public sealed record SearchResponse(IReadOnlyList<SearchHit> Numbers);
