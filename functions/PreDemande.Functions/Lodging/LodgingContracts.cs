using System.Text.Json.Serialization;
using PreDemande.Core.Lifecycle;

namespace PreDemande.Functions.Lodging;

/// <summary>Body of <c>POST /api/dr/predemandes/{number}/deposit</c> (optional): the documents the mairie waives.</summary>
public sealed record DepositRequest(IReadOnlyList<string>? Waived);

/// <summary>Answer of the deposit: where and when it was lodged, and each expected document with its upload URL until archived.</summary>
public sealed record DepositResponse(
    string Number,
    PreApplicationStatus Status,
    string Mairie,
    DateTimeOffset LodgedAt,
    DateTimeOffset UploadExpiresAt,
    IReadOnlyList<ExpectedDocumentView> Documents,
    bool DossierComplete);

/// <summary>
/// An expected document. Until it is archived: <c>uploadUrl</c>, to be called with <c>PUT</c> and
/// the <c>uploadHeaders</c> (PDF, JPEG or PNG). Once archived: its SHA-256.
/// </summary>
public sealed record ExpectedDocumentView(string Kind, string Label, bool Archived)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Uri? UploadUrl { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? UploadHeaders { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Sha256 { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Rejected { get; init; }
}

/// <summary>
/// The message put once on <c>dossiers-deposes</c> when a lodged application has every expected
/// document archived. <c>id</c> is stable: a consumer can drop a repeat.
/// </summary>
public sealed record DossierMessage(
    string Id,
    string Number,
    DateTimeOffset LodgedAt,
    string Mairie,
    string CollectionMode,
    IReadOnlyList<string> Titles,
    bool Corrected,
    DossierLinks Links,
    IReadOnlyList<DossierDocument> Documents)
{
    /// <summary>The trace this message belongs to (see <see cref="Telemetry.TraceContext"/>).</summary>
    [JsonPropertyName("traceparent")]
    public string? TraceParent { get; init; }
}

public sealed record DossierLinks(string Document, string Recap, string Archive);

public sealed record DossierDocument(string Kind, string Blob, string Sha256, long Bytes, string ContentType);
