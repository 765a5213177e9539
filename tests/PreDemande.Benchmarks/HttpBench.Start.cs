using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Azure.Storage.Queues;

/// <summary>
/// The start row: what a cold start on Flex Consumption waits for. The Functions host starts the
/// app and waits until <c>GET /</c> answers; the app answers 200 once its storage is checked (503
/// before, refused before it listens).
/// </summary>
internal sealed partial class HttpBench
{
    /// <summary>Measured starts of the start row; the row gives their median.</summary>
    public int Starts { get; init; } = 5;

    /// <summary>Only the start row (<c>--start-only</c>).</summary>
    public bool StartOnly { get; init; }

    /// <summary>
    /// The app started <see cref="Starts"/> times on one in-memory Azurite whose storage a first,
    /// unmeasured start created (as a deployment's storage is there, and as the host restarts an
    /// instance), each time from just before the process is launched to the first 200 of
    /// <c>GET /</c>, probed every millisecond; each process is stopped before the next starts.
    /// </summary>
    private async Task StartRowAsync(string root)
    {
        await StartAzuriteAsync(root);
        var port = FreePort();
        var environment = AppEnvironment(port);
        var probe = new Uri($"http://127.0.0.1:{port}/");

        // The first start creates the storage, and the CERT queues once it answers.
        await TimeStartAsync(environment, probe, async () =>
        {
            var queue = new QueueClient(_connection, "instruction-75");
            await WaitAsync(async () => { if (!(await queue.ExistsAsync()).Value) { throw new InvalidOperationException("not yet"); } });
        });
        var times = new List<double>();
        for (var start = 0; start < Starts; start++)
        {
            await Task.Delay(500);
            times.Add(await TimeStartAsync(environment, probe, afterReady: null));
        }

        await StopAsync();
        var median = times.Order().ElementAt(times.Count / 2);
        var published = Environment.GetEnvironmentVariable("PREDEMANDE_BENCH_APP");
        Rows.Add([
            $"start to first ready GET / ({(string.IsNullOrEmpty(published) ? "JIT" : "native")}, storage checked, median of {Starts})",
            $"{median:F0} ms ({string.Join(" / ", times.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))})",
            string.Empty,
            string.Empty,
            "< 100 ms",
        ]);
    }

    // Whether the port accepts a connection. The probe runs on the cores of the start it
    // measures: a refused HttpClient request costs an exception thrown through its layers (about a
    // tenth of a core at one probe a millisecond), a refused connect made here costs a system call.
    // The host probes every 25 ms (WorkerReadyCheckPollingIntervalMilliseconds).
    private static async Task<bool> AcceptsAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var connect = new SocketAsyncEventArgs { RemoteEndPoint = new IPEndPoint(IPAddress.Loopback, port) };
        var done = new TaskCompletionSource<SocketError>(TaskCreationOptions.RunContinuationsAsynchronously);
        connect.Completed += (_, e) => done.TrySetResult(e.SocketError);
        if (!socket.ConnectAsync(connect))
        {
            done.TrySetResult(connect.SocketError);
        }

        return await done.Task == SocketError.Success;
    }

    // Milliseconds from the launch to the first 200 of GET /; the process is stopped after afterReady.
    private async Task<double> TimeStartAsync(IDictionary<string, string> environment, Uri probe, Func<Task>? afterReady)
    {
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero }) { Timeout = TimeSpan.FromSeconds(10) };
        var clock = Stopwatch.StartNew();
        using var app = StartApp(environment);
        try
        {
            while (true)
            {
                // Until the app listens, a refused connect (see AcceptsAsync), not a refused request.
                if (await AcceptsAsync(probe.Port))
                {
                    try
                    {
                        using var response = await http.GetAsync(probe);
                        if (response.IsSuccessStatusCode)
                        {
                            break;
                        }
                    }
                    catch (HttpRequestException exception) when (exception.InnerException is SocketException)
                    {
                        // It stopped listening (it exited: said below).
                    }
                }

                if (app.HasExited || clock.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new InvalidOperationException($"The app did not answer 200 to GET / within {clock.Elapsed.TotalSeconds:F0} s.");
                }

                await Task.Delay(1);
            }

            var elapsed = clock.Elapsed.TotalMilliseconds;
            if (afterReady is not null)
            {
                await afterReady();
            }

            return elapsed;
        }
        finally
        {
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
        }
    }
}
