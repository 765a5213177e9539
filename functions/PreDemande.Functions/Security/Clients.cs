namespace PreDemande.Functions.Security;

public enum ClientRole
{
    Portal,
    Mairie,
    Prefecture,
    Booking,
}

/// <summary>
/// A client declared in configuration (<c>PreDemande:Clients:N</c>): the API key itself is never
/// stored, only its SHA-256 in hex.
/// </summary>
public sealed class ClientOptions
{
    public string Id { get; set; } = string.Empty;
    public ClientRole Role { get; set; }

    /// <summary>A mairie's INSEE commune code; a préfecture's comma-separated département codes.</summary>
    public string? Scope { get; set; }

    public string KeySha256 { get; set; } = string.Empty;
}

public sealed class PreDemandeClientsOptions
{
    public List<ClientOptions> Clients { get; set; } = [];
}

/// <summary>The caller of the current request, once its key is recognised.</summary>
public sealed record ClientIdentity(string Id, ClientRole Role, string? Scope);

/// <summary>Endpoint metadata: which roles may call, the header carrying the key and, when a
/// client contract fixes it, the answer to a missing or unknown key (default: a 401 problem).</summary>
public sealed record ClientRequirement(IReadOnlyList<ClientRole> Roles, string Header = ClientRequirement.ApiKeyHeader, IResult? Unauthorized = null)
{
    public const string ApiKeyHeader = "X-Api-Key";
    public const string BookingHeader = "x-rdv-opt-auth-token";

    public static ClientRequirement Of(params ClientRole[] roles) => new(roles);
}
