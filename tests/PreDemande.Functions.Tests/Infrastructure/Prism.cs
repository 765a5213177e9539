using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace PreDemande.Functions.Tests.Infrastructure;

/// <summary>
/// Stoplight Prism (npm <c>@stoplight/prism-cli</c>, pinned in package-lock.json) as a validating
/// proxy in front of the app: it forwards every request unchanged and reports, in the
/// <c>sl-violations</c> header of the answer, where the request or the response disagrees with
/// docs/openapi.json. An OpenAPI validator the project did not write.
/// </summary>
public sealed class Prism : IAsyncDisposable
{
    public const string ViolationsHeader = "sl-violations";

    private readonly Process _process;
    private readonly List<string> _output = [];

    private Prism(Process process, int port)
    {
        _process = process;
        Address = new Uri($"http://127.0.0.1:{port}");
    }

    public Uri Address { get; }

    /// <summary>What Prism printed (warnings and errors), for a failure's message.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output.TakeLast(200));
            }
        }
    }

    public static async Task<Prism> StartAsync(string document, Uri upstream)
    {
        var script = Repository.PathOf("node_modules", "@stoplight", "prism-cli", "dist", "index.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Prism is not installed ({script}): run scripts/ensure-npm.sh.");
        }

        var port = Tools.FreePort();
        var start = new ProcessStartInfo("node")
        {
            ArgumentList =
            {
                script, "proxy", document, upstream.ToString().TrimEnd('/'),
                "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--cors", "false", "--errors", "false", "--verboseLevel", "warn",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started");
        var prism = new Prism(process, port);
        process.OutputDataReceived += (_, e) => prism.Record(e.Data);
        process.ErrorDataReceived += (_, e) => prism.Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await prism.WaitUntilListeningAsync(port);
        return prism;
    }

    /// <summary>The violations Prism reported for one exchange (none: an empty list).</summary>
    public static IReadOnlyList<Violation> ViolationsOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues(ViolationsHeader, out var values)
            ? values.SelectMany(v => JsonNode.Parse(v)!.AsArray()).Select(Violation.From).ToArray()
            : [];

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }
    }

    private async Task WaitUntilListeningAsync(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                break;
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(200);
            }
        }

        string output;
        lock (_output)
        {
            output = string.Join('\n', _output);
        }

        throw new InvalidOperationException($"Prism did not start listening on {port}:\n{output}");
    }

    /// <summary>One disagreement: where (<c>request</c> or <c>response</c>, then the path in it), how bad, and what.</summary>
    public sealed record Violation(string Location, string Severity, string Message)
    {
        public bool OnRequest => Location.StartsWith("request", StringComparison.Ordinal);

        public static Violation From(JsonNode? node) => new(
            string.Join('.', node!["location"]?.AsArray().Select(l => l!.ToString()) ?? []),
            node["severity"]?.GetValue<string>() ?? "?",
            node["message"]?.GetValue<string>() ?? "?");

        public override string ToString() => $"{Severity} at {Location}: {Message}";
    }
}
