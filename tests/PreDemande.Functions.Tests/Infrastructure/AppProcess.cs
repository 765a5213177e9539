using System.Diagnostics;
using System.Net;
using System.Text;
using PreDemande.LocalHost;

namespace PreDemande.Functions.Tests.Infrastructure;

/// <summary>The built app run as its own process, the way the Functions host (or the publish step) runs it.</summary>
public static class AppProcess
{
    public static string AppDll => Path.Combine(AppContext.BaseDirectory, "PreDemande.Functions.dll");

    public static ProcessStartInfo StartInfo(IDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(AppDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    /// <summary>Runs the app to completion; returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(IDictionary<string, string> environment, params string[] arguments) =>
        Tools.RunAsync(StartInfo(environment, arguments));
}

/// <summary>What the stand-in Functions host needs to run an app process's triggers: the functions read from its function.json files, storage and the host's settings.</summary>
public sealed record HostedTriggers(IReadOnlyList<HostedFunction> Functions, HostStorage Storage, HostSettings Settings)
{
    /// <summary>Writes the function.json files as the publish step does (the app process with <c>--write-function-metadata</c>), and reads them back as the host does.</summary>
    public static async Task<IReadOnlyList<HostedFunction>> FromAppAsync()
    {
        var directory = Directory.CreateTempSubdirectory("predemande-functions-").FullName;
        try
        {
            var (exitCode, output) = await AppProcess.RunAsync(new Dictionary<string, string>(), "--write-function-metadata", directory);
            Assert.True(exitCode == 0, output);
            return FunctionMetadata.Read(directory);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

/// <summary>One run of the app process (and of the stand-in host that runs its triggers): its HTTP clients, its output, and a way to kill it.</summary>
public sealed class RunningApp : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly CapturedLogs _hostLogs = new();
    private StandInHost? _host;
    private HttpClient? _hostClient;

    private RunningApp(Process process, int port)
    {
        _process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>
    /// Starts the app on a free port, as the host would (<c>FUNCTIONS_CUSTOMHANDLER_PORT</c>), and
    /// waits for its first answer to <c>GET /</c>; then, when <paramref name="triggers"/> are
    /// given, the stand-in host that invokes them on that port.
    /// </summary>
    public static async Task<RunningApp> StartAsync(IDictionary<string, string> environment, HostedTriggers? triggers = null, bool waitReady = true)
    {
        var port = Tools.FreePort();
        environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var app = new RunningApp(Process.Start(AppProcess.StartInfo(environment))!, port);
        if (waitReady)
        {
            await app.WaitReadyAsync();
        }

        if (triggers is not null)
        {
            app._hostClient = new HttpClient { BaseAddress = app.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
            app._host = StandInHost.Start(triggers.Functions, app._hostClient, triggers.Storage, triggers.Settings, new Microsoft.Extensions.Logging.LoggerFactory([app._hostLogs]));
        }

        return app;
    }

    public Uri BaseAddress { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>What the app wrote, then what the stand-in host logged (information and above).</summary>
    public string Output
    {
        get
        {
            string app;
            lock (_output)
            {
                app = _output.ToString();
            }

            var host = _hostLogs.Lines.Where(l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Information).Select(l => $"{l.Level} {l.Category}: {l.Message}");
            return $"{app}\n--- stand-in host ---\n{string.Join('\n', host)}";
        }
    }

    public HttpClient Client(string key, string header = "X-Api-Key")
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Add(header, key);
        return client;
    }

    /// <summary>SIGKILL, as a crash or a scale-in would end it: no shutdown, no cleanup; the stand-in host stops with it, as the host dies with its instance.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        await StopHostAsync();
    }

    private async Task StopHostAsync()
    {
        if (Interlocked.Exchange(ref _host, null) is { } host)
        {
            await host.DisposeAsync();
        }
    }

    /// <summary>Waits for <c>GET /</c> to answer 200 (at most <paramref name="timeout"/>, 30 s by default).</summary>
    public async Task WaitReadyAsync(TimeSpan? timeout = null)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                if ((await client.GetAsync("/")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(50);
        }

        Assert.Fail($"The app did not answer.\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        await StopHostAsync();
        _hostClient?.Dispose();

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
