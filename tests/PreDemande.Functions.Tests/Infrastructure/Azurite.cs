using System.Diagnostics;
using System.Text;

namespace PreDemande.Functions.Tests.Infrastructure;

/// <summary>
/// A private Azurite (from the repository's node_modules) on free ports, in memory, for one
/// test class; stopped and gone when disposed.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private Azurite(Process process, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    public string ConnectionString => ConnectionStringFor(BlobPort, QueuePort, TablePort);

    /// <summary>The development account's connection string for services on these loopback ports (Azurite's, or a proxy's in front of them).</summary>
    public static string ConnectionStringFor(int blobPort, int queuePort, int tablePort) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        $"AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";

    public static Task<Azurite> StartAsync() => StartAsync(location: null, Tools.FreePort(), Tools.FreePort(), Tools.FreePort());

    /// <summary>Azurite keeping its data in <paramref name="location"/> (null: in memory), on the given ports.</summary>
    public static async Task<Azurite> StartAsync(string? location, int blob, int queue, int table)
    {
        if (Environment.GetEnvironmentVariable(Tier.RunningVariable) == Tier.Fast)
        {
            throw new InvalidOperationException("A test of the fast tier started Azurite: give its class the tier it needs (Infrastructure/Tiers.cs).");
        }

        var script = Repository.PathOf("node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Azurite is not installed ({script}): run `npm ci` at the repository root.");
        }

        var start = new ProcessStartInfo("node")
        {
            ArgumentList =
            {
                script, "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl",
                "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--tableHost", "127.0.0.1", "--tablePort", table.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (location is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(location);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started");
        var azurite = new Azurite(process, blob, queue, table);
        process.OutputDataReceived += (_, e) => azurite.Record(e.Data);
        process.ErrorDataReceived += (_, e) => azurite.Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await azurite.WaitUntilListeningAsync();
        }
        catch
        {
            // Not listening in time: no fixture owns it, so nothing else would stop it.
            await azurite.DisposeAsync();
            throw;
        }

        return azurite;
    }

    /// <summary>Whether <see cref="StopAsync"/> had to kill Azurite (it did not end within the grace after SIGTERM): what it had not written to disk then is lost.</summary>
    public bool Killed { get; private set; }

    /// <summary>Stops it as an operator would (SIGTERM: what it holds is written to disk), killing it after 30 s if open connections hold it.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
        {
            await term.WaitForExitAsync();
        }

        // Azurite writes what it holds in memory to disk as it stops: on a loaded machine that can take
        // seconds, and killing it sooner would lose writes it had acknowledged.
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            Killed = true;
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

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
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    // Azurite's own words, not a TCP connect: a port taken meanwhile by another process would
    // accept a connection while this Azurite failed to bind it.
    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var expected = new[] { ("Blob", BlobPort), ("Queue", QueuePort), ("Table", TablePort) }
            .Select(s => $"Azurite {s.Item1} service is successfully listening at http://127.0.0.1:{s.Item2}")
            .ToArray();
        while (true)
        {
            string output;
            lock (_output)
            {
                output = _output.ToString();
            }

            if (expected.All(line => output.Contains(line, StringComparison.Ordinal)))
            {
                return;
            }

            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Azurite did not start:\n{output}");
            }

            await Task.Delay(50);
        }
    }
}
