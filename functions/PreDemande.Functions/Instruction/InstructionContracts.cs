using System.Text.Json.Serialization;
using PreDemande.Core.Forms;
using PreDemande.Functions.PreApplications;
using PreDemande.Core.Lifecycle;
using PreDemande.Core.Proofs;

namespace PreDemande.Functions.Instruction;

/// <summary>
/// The instruction task put once on the CERT's queue (contract: api.md, "Préfecture / CERT"): no
/// name, address or phone number; the service reads the data through the API. <c>id</c> is stable.
/// </summary>
public sealed record InstructionTask(
    string Id,
    string Number,
    DateTimeOffset LodgedAt,
    MairieRef Mairie,
    string Departement,
    string CollectionMode,
    IReadOnlyList<string> Titles,
    bool Corrected,
    TaskLinks Links,
    IReadOnlyList<TaskDocument> Documents)
{
    /// <summary>
    /// The check of the proof of address in one word (verified, mismatch, unverified, none); absent
    /// when no proof of address is archived. The details are read through the API.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ProofSummary? ProofOfAddress { get; init; }
}

public sealed record TaskLinks(string Self);

public sealed record TaskDocument(string Kind, string Sha256, long Bytes, string ContentType);

/// <summary>Body of <c>POST /api/prefecture/predemandes/{number}/events</c>.</summary>
public sealed record EventRequest(string? Type, string? Reason, string? EventId);

/// <summary>Answer to an event: the status as it now stands; <c>applied</c> false for a repeat.</summary>
public sealed record EventResponse(string Number, PreApplicationStatus Status, bool Applied, IReadOnlyList<StatusHistoryItem> StatusHistory);

/// <summary>One step of the life at the mairie and the préfecture.</summary>
public sealed record StatusHistoryItem(PreApplicationStatus Status, DateTimeOffset At, string By)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LifecycleEvent? Event { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }
}

public sealed record LodgingView(MairieRef Mairie, string Departement, DateTimeOffset At, string By);

/// <summary>A document of the file: a scan archived at the mairie, or the recap and récépissé the app drew.</summary>
public sealed record PrefectureDocument(string Kind, string Label, string Source, bool Available)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Sha256 { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Bytes { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ContentType { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Uri? Url { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? UrlExpiresAt { get; init; }

    /// <summary>For an archived proof of address: its 2D-Doc check (the "Analyse recueil" view).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ProofCheck? Proof { get; init; }
}

/// <summary>
/// What the préfecture reads (<c>GET /api/prefecture/predemandes/{number}</c>): the form as
/// submitted and as corrected, the corrections, the lodging, the documents with short-lived
/// read-only URLs, the status and its history.
/// </summary>
public sealed record PrefectureView(
    string Number,
    PreApplicationStatus Status,
    string CollectionMode,
    LodgingView Lodging,
    PreApplicationForm OriginalForm,
    PreApplicationForm Form,
    IReadOnlyList<Correction> Corrections,
    IReadOnlyList<PrefectureDocument> Documents,
    IReadOnlyList<StatusHistoryItem> StatusHistory);
