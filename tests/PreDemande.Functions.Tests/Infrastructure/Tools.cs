using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PreDemande.Functions.Tests.Infrastructure;

/// <summary>Runs command-line tools (node, the app, pdftoppm, zbarimg, qpdf, zipinfo: scripts/ensure-tools.sh installs the Debian ones before the tests) and finds free ports.</summary>
public static class Tools
{
    public static Task<(int ExitCode, string Output)> RunAsync(string tool, params string[] arguments) => RunAsync(TimeSpan.FromMinutes(1), tool, arguments);

    public static Task<(int ExitCode, string Output)> RunAsync(TimeSpan timeout, string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return RunAsync(start, timeout);
    }

    /// <summary>Runs to completion (at most <paramref name="timeout"/>, a minute by default); returns the exit code and everything printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(ProcessStartInfo start, TimeSpan? timeout = null)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} could not be started");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    // Test classes start their Azurites in parallel: a port is handed out once per test run.
    private static readonly HashSet<int> HandedOut = [];

    public static int FreePort()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (HandedOut)
            {
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
