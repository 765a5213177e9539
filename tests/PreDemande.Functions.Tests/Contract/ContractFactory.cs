using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Contract;

/// <summary>
/// The app on a socket behind Prism (<see cref="Prism"/>), validating against the committed
/// docs/openapi.json: every client the helpers make goes through it, and every exchange is
/// recorded with what Prism found and what the test expected.
/// </summary>
public class ContractFactory : PreDemandeFactory
{
    public const string EventGridKey = "contract-event-grid-key";

    private static readonly HttpRequestOptionsKey<int> ExpectedStatus = new("contract.expected");
    private static readonly HttpRequestOptionsKey<string> InvalidRequest = new("contract.invalid");

    private readonly int _port = Tools.FreePort();
    private Prism? _prism;

    /// <summary>Every exchange made through Prism, in order.</summary>
    public ConcurrentQueue<Exchange> Exchanges { get; } = new();

    private readonly SemaphoreSlim _phases = new(1, 1);
    private readonly Dictionary<string, IReadOnlyList<Exchange>> _phaseExchanges = new(StringComparer.Ordinal);

    /// <summary>Runs a phase of the contract suite once (the first test that needs it), alone, and answers the exchanges it made.</summary>
    public async Task<IReadOnlyList<Exchange>> RunPhaseAsync(string name, Func<Task> phase)
    {
        await _phases.WaitAsync();
        try
        {
            if (!_phaseExchanges.TryGetValue(name, out var exchanges))
            {
                var before = Exchanges.Count;
                await phase();
                exchanges = Exchanges.Skip(before).ToList();
                _phaseExchanges[name] = exchanges;
            }

            return exchanges;
        }
        finally
        {
            _phases.Release();
        }
    }

    public JsonObject Document { get; } = JsonNode.Parse(File.ReadAllText(Repository.PathOf("docs", "openapi.json")))!.AsObject();

    protected override int? KestrelPort => _port;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [.. base.Settings(), new("PreDemande:Notifications:EventGridKey", EventGridKey)];

    protected override async Task StartFrontAsync() =>
        _prism = await Prism.StartAsync(Repository.PathOf("docs", "openapi.json"), new Uri($"http://127.0.0.1:{_port}"));

    protected override async ValueTask StopDependenciesAsync()
    {
        if (_prism is not null)
        {
            await _prism.DisposeAsync();
        }
    }

    public string PrismOutput => _prism?.Output ?? string.Empty;

    protected override HttpClient CreateApiClient() =>
        new(new Recorder(this) { InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false } })
        {
            BaseAddress = _prism?.Address ?? throw new InvalidOperationException("Prism is not started"),
        };

    /// <summary>Marks a request with the status the test expects and whether it breaks the document on purpose.</summary>
    public static HttpRequestMessage Expect(HttpRequestMessage request, int status, bool? invalid = false)
    {
        request.Options.Set(ExpectedStatus, status);
        request.Options.Set(InvalidRequest, invalid switch { true => "invalid", false => "valid", null => "either" });
        return request;
    }

    /// <summary>The document's operation a request reached: its method and path template.</summary>
    public string? OperationOf(string method, string path)
    {
        foreach (var (template, operations) in Document["paths"]!.AsObject())
        {
            var pattern = "^" + Regex.Replace(Regex.Escape(template), @"\\\{[^/]+?}", "[^/]+") + "$";
            if (Regex.IsMatch(path, pattern) && operations!.AsObject().ContainsKey(method.ToLowerInvariant()))
            {
                return $"{method.ToUpperInvariant()} {template}";
            }
        }

        return null;
    }

    /// <summary>Every documented (operation, status) pair.</summary>
    public IEnumerable<(string Operation, int Status)> DocumentedAnswers() =>
        from path in Document["paths"]!.AsObject()
        from operation in path.Value!.AsObject()
        from response in operation.Value!["responses"]!.AsObject()
        select ($"{operation.Key.ToUpperInvariant()} {path.Key}", int.Parse(response.Key, System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>One exchange: the operation, the status expected (null for a setup step) and received, Prism's findings.</summary>
    public sealed record Exchange(string Method, string Path, string? Operation, int? Expected, int Status, bool? Invalid, IReadOnlyList<Prism.Violation> Violations)
    {
        /// <summary>What disagrees: a response the document does not describe, a request judged otherwise than the test meant, a status not the one expected.</summary>
        public IEnumerable<string> Disagreements()
        {
            var name = Operation ?? $"{Method} {Path} (no operation)";
            foreach (var violation in Violations.Where(v => !v.OnRequest))
            {
                yield return $"{name} → {Status}: {violation}";
            }

            var onRequest = Violations.Where(v => v.OnRequest).ToArray();
            if (Invalid == false && onRequest.Length > 0)
            {
                yield return $"{name} → {Status}: a request the test meant valid: {string.Join("; ", onRequest.Select(v => v.ToString()))}";
            }

            if (Invalid == true && onRequest.Length == 0)
            {
                yield return $"{name} → {Status}: the document accepts a request the server refuses";
            }

            if (Expected is { } expected && expected != Status)
            {
                yield return $"{name}: expected {expected}, got {Status}";
            }
        }
    }

    private sealed class Recorder(ContractFactory factory) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException exception)
            {
                throw new HttpRequestException($"{request.Method} {request.RequestUri} through Prism failed; Prism printed:\n{factory.PrismOutput}", exception);
            }

            var path = request.RequestUri!.AbsolutePath;
            factory.Exchanges.Enqueue(new Exchange(
                request.Method.Method,
                path,
                factory.OperationOf(request.Method.Method, path),
                request.Options.TryGetValue(ExpectedStatus, out var expected) ? expected : null,
                (int)response.StatusCode,
                request.Options.TryGetValue(InvalidRequest, out var invalid) ? invalid switch { "invalid" => true, "either" => null, _ => false } : false,
                Prism.ViolationsOf(response)));
            return response;
        }
    }
}
