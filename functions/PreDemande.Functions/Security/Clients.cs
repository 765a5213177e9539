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

    /// <summary>
    /// What makes the client list unusable, checked at start-up: a mairie acts under its INSEE
    /// commune code (lodging, audit), so a mairie client without one is refused.
    /// </summary>
    public IReadOnlyList<string> Problems() =>
        Clients
            .Where(c => c.Role == ClientRole.Mairie && !IsCommuneCode(c.Scope))
            .Select(c => $"Client {c.Id}: a Mairie client needs Scope = its INSEE commune code (5 characters, e.g. 75056 or 2A004).")
            .Concat(Clients.GroupBy(c => c.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"Client id {g.Key} is declared {g.Count()} times."))
            .ToArray();

    private static bool IsCommuneCode(string? scope) =>
        scope is { Length: 5 } && char.IsAsciiDigit(scope[0]) && (char.IsAsciiDigit(scope[1]) || scope[1] is 'A' or 'B') && scope[2..].All(char.IsAsciiDigit);
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

/// <summary>Refuses to start with an unusable client list, saying what is wrong.</summary>
public sealed class ClientsValidation : Microsoft.Extensions.Options.IValidateOptions<PreDemandeClientsOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, PreDemandeClientsOptions options) =>
        options.Problems() is { Count: > 0 } problems
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Fail(problems)
            : Microsoft.Extensions.Options.ValidateOptionsResult.Success;
}
