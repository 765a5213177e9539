namespace PreDemande.Functions.Hosting;

public enum TriggerKind
{
    Http,
    Queue,
    Blob,
    Timer,
}

/// <summary>
/// A function as the Functions host knows it: its name and trigger. HTTP functions are read from
/// the endpoints (<see cref="FunctionEndpoints.AsFunction"/>); queue and blob triggers are
/// declared beside the code that serves them (<see cref="TriggerFunction"/>). The function.json
/// files of the deployment package are written from these (<see cref="FunctionMetadataWriter"/>).
/// </summary>
/// <param name="Name">The function name: folder of its function.json, and the path <c>POST /{Name}</c> of non-HTTP invocations.</param>
/// <param name="Kind">The trigger.</param>
/// <param name="Target">HTTP: the route after the <c>api/</c> prefix; queue: the queue name; blob: the path pattern <c>container/{name}</c>; timer: the NCRONTAB schedule (6 fields, with seconds).</param>
/// <param name="Methods">HTTP methods, for HTTP triggers.</param>
public sealed record FunctionDeclaration(string Name, TriggerKind Kind, string Target, IReadOnlyList<string> Methods)
{
    public const string RoutePrefix = "api";
    /// <summary>The connection of the queue and blob triggers: the data's account (<see cref="Storage.StorageClients.DataSetting"/>), not the host's own.</summary>
    public const string StorageConnection = Storage.StorageClients.DataSetting;

    public static FunctionDeclaration Http(string name, IReadOnlyList<string> methods, string route) => new(name, TriggerKind.Http, route, methods);

    public static FunctionDeclaration Queue(string name, string queueName) => new(name, TriggerKind.Queue, queueName, []);

    public static FunctionDeclaration Blob(string name, string path) => new(name, TriggerKind.Blob, path, []);

    public static FunctionDeclaration Timer(string name, string schedule) => new(name, TriggerKind.Timer, schedule, []);

    /// <summary>The path the app serves this function on.</summary>
    public string AppPath => Kind == TriggerKind.Http ? $"/{RoutePrefix}/{Target}" : $"/{Name}";

    /// <summary>For blob triggers: the container part of the path.</summary>
    public string Container => Kind == TriggerKind.Blob ? Target[..Target.IndexOf('/', StringComparison.Ordinal)] : string.Empty;

    /// <summary>For blob triggers: the blob-name pattern after the container.</summary>
    public string BlobPattern => Kind == TriggerKind.Blob ? Target[(Target.IndexOf('/', StringComparison.Ordinal) + 1)..] : string.Empty;
}
