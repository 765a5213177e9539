using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using HdrHistogram;
using PreDemande.Functions.Audit;
using PreDemande.LocalHost;

/// <summary>
/// The HTTP paths of the app against the same storage operations done directly, side by side on
/// one in-memory Azurite, then the latency of the pipelines and the app's peak memory. Load model:
/// closed, <see cref="Workers"/> concurrent clients for a fixed time per path (each sends its next
/// request when the previous one is answered); latencies in an HdrHistogram.
/// </summary>
internal sealed partial class HttpBench(TimeSpan duration) : IAsyncDisposable
{
    private const int Workers = 16;
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    // The DR lookup's load comes from as many mairies as clients, as it does nationally: a
    // mairie has a few DR stations, so its (mairie, day) audit rows rarely share a transaction.
    private static readonly string[] DrMairies =
        ["75056", "13055", "69123", "31555", "06088", "44109", "67482", "34172", "33063", "59350", "35238", "51454", "83137", "42218", "76351", "38185"];

    private static readonly (string Id, string Role, string? Scope, string Key)[] Clients =
    [
        ("bench-portal", "Portal", null, "bench-portal-key"),
        ("bench-mairie", "Mairie", "75056", "bench-mairie-key"),
        ("bench-prefecture", "Prefecture", "75", "bench-prefecture-key"),
        ("bench-booking", "Booking", null, "bench-booking-key"),
        .. DrMairies.Select((insee, k) => ($"bench-dr-{k}", "Mairie", (string?)insee, $"bench-dr-{k}-key")),
    ];

    private static readonly string[] Progress = ["instructionStarted", "inProduction", "available"];

    private readonly List<Process> _processes = [];
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { Timeout = TimeSpan.FromSeconds(30) };
    private string _connection = string.Empty;
    private Uri _app = null!;
    private Process _appProcess = null!;
    private StandInHost? _host;

    public List<string[]> Rows { get; } = [];

    public async Task RunAsync(string root, byte[] form)
    {
        // The start row for a published app (the Native AOT package), first, on a machine not yet loaded by the runs.
        if (StartOnly || (!ScaleOnly && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("PREDEMANDE_BENCH_APP"))))
        {
            await StartRowAsync(root);
            if (StartOnly)
            {
                return;
            }
        }

        if (BookingPeakOnly)
        {
            await BookingPeakAsync(root, form);
            return;
        }

        if (ScaleOnly)
        {
            await StartAsync(root, triggers: true);
            await ScaleAsync(form);
            return;
        }

        // The HTTP paths without the trigger work: on Flex Consumption HTTP functions scale on
        // their own instances, apart from the queue and blob triggers (per-function scaling).
        await StartAsync(root, triggers: false);
        // The raw operations sign their table requests as the app does (SharedKeyLite.Client).
        var tables = PreDemande.Functions.Storage.StorageClients.FromConfiguration(Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(new Microsoft.Extensions.Configuration.ConfigurationBuilder(), [new("AzureWebJobsStorage", _connection)]).Build()).Tables;
        var blobs = new BlobServiceClient(_connection);
        var numbers = new List<string>();

        var rawTable = tables.GetTableClient("rawbench");
        await rawTable.CreateIfNotExistsAsync();
        var rawContainer = blobs.GetBlobContainerClient("rawbench");
        await rawContainer.CreateIfNotExistsAsync();
        var document = Encoding.UTF8.GetString(form);
        await PairedAsync(
            "submit (insert + document blob)",
            async i =>
            {
                using var response = await SendAsync(HttpMethod.Post, "/api/predemandes", "X-Api-Key", "bench-portal-key", form);
                var number = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["number"]!.GetValue<string>();
                lock (numbers)
                {
                    numbers.Add(number);
                }
            },
            async i =>
            {
                var key = Guid.NewGuid().ToString("N");
                await rawTable.AddEntityAsync(new TableEntity(key, "predemande") { ["Status"] = "submitted", ["Document"] = document });
                await rawContainer.GetBlobClient($"{key}.json").UploadAsync(new BinaryData(form), new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } });
            });

        var known = numbers.Take(500).ToArray();
        var predemandes = tables.GetTableClient("predemandes");
        await PairedAsync(
            "portal read (point read)",
            async i => (await SendAsync(HttpMethod.Get, $"/api/predemandes/{known[i % known.Length]}", "X-Api-Key", "bench-portal-key")).Dispose(),
            async i => await predemandes.GetEntityAsync<TableEntity>(known[i % known.Length], "predemande"));

        var audit = tables.GetTableClient("audit");
        await PairedAsync(
            "DR lookup (point read + audit row), 16 mairies",
            async i => (await SendAsync(HttpMethod.Get, $"/api/dr/predemandes/{known[i % known.Length]}", "X-Api-Key", $"bench-dr-{i % DrMairies.Length}-key")).Dispose(),
            async i =>
            {
                await predemandes.GetEntityAsync<TableEntity>(known[i % known.Length], "predemande");
                // The row the app writes: under its mairie and day, with the same properties.
                var (k, at) = (i % DrMairies.Length, DateTimeOffset.UtcNow);
                var entry = new AuditEntry($"bench-dr-{k}", DrMairies[k], known[i % known.Length], "lookup", "read", at);
                await audit.AddEntityAsync(AuditLog.Row(AuditLog.ByMairieAndDay(DrMairies[k], DateOnly.FromDateTime(at.UtcDateTime)), AuditLog.RowKey(at), entry));
            });

        Rows.Add(["peak memory of the app under load (VmHWM)", $"{PeakMemoryMb(_appProcess):F0} MB", string.Empty, string.Empty, "< 150 MB"]);
        if (PathsOnly)
        {
            return;
        }

        // The pipelines on a fresh app and Azurite, its triggers run by the stand-in host with host.json's settings.
        await StopAsync();
        await StartAsync(root, triggers: true);
        var pipelineRows = Rows.Count;
        await PipelinesAsync(new BlobServiceClient(_connection), form, new PipelineLoad(20, 25, 6, 100), target: null); // warm-up, like the paths' first requests
        Rows.RemoveRange(pipelineRows, Rows.Count - pipelineRows);

        // The target at a steady rate above the national peak (10 submissions/s, 2 lodgings/s of
        // 6 scans each); then a stress run at 4 and 5 times that, with no target: there the
        // one-threaded local Azurite, on the same two cores, queues the work.
        await PipelinesAsync(new BlobServiceClient(_connection), form, new PipelineLoad(200, 100, 40, 500), target: "p95 < 500 ms");
        await PipelinesAsync(new BlobServiceClient(_connection), form, new PipelineLoad(100, 25, 30, 100), target: "(stress, no target)");

        if (ScalePurges > 0)
        {
            await StopAsync();
            await StartAsync(root, triggers: true);
            await ScaleAsync(form);
        }
    }

    /// <summary>Due purges (and ten audit rows per purge) to seed for the scale rows; 0: no scale rows.</summary>
    public int ScalePurges { get; init; }

    /// <summary>Only the HTTP paths and the memory (<c>--paths-only</c>).</summary>
    public bool PathsOnly { get; init; }

    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    /// <summary>Runs of each HTTP path, app and direct in turn; the row gives the median (3).</summary>
    public int Runs { get; init; } = 3;

    /// <summary>
    /// Azurite on core 0, the app and the load generator on core 1 (<c>--pin-storage</c>): storage on
    /// CPU of its own, as in Azure where the storage service does not share the app's instance.
    /// </summary>
    public bool PinStorage { get; init; }

    /// <summary>Only the scale rows (<c>--scale-only</c>).</summary>
    public bool ScaleOnly { get; init; }

    // Each item's start is the client's clock at the 201/200; its end is the time the app
    // recorded with the result (RecapReadyAt, the task's SentAt, the outbox row's SentAt), on the
    // same machine's clock, read once the item is done. Completion is checked every 250 ms by one
    // loop per pipeline: pollers per item would load the local Azurite more than the app does.
    private sealed record PipelineLoad(int Submissions, int SubmitEveryMs, int Lodgings, int LodgeEveryMs);

    private async Task PipelinesAsync(BlobServiceClient blobs, byte[] form, PipelineLoad load, string? target)
    {
        var predemandes = new TableServiceClient(_connection).GetTableClient("predemandes");

        // submit → recap stored
        var recaps = blobs.GetBlobContainerClient("recaps");
        var recapLatency = new LongHistogram(TimeStamp.Minutes(5), 3);
        var recapItems = await Task.WhenAll(Enumerable.Range(0, load.Submissions).Select(async i =>
        {
            await Task.Delay(i * load.SubmitEveryMs);
            using var response = await SendAsync(HttpMethod.Post, "/api/predemandes", "X-Api-Key", "bench-portal-key", form);
            return (Number: JsonNode.Parse(await response.Content.ReadAsStringAsync())!["number"]!.GetValue<string>(), Started: DateTimeOffset.UtcNow);
        }));
        await UntilAllAsync(recapItems.Select(r => r.Number), async () =>
        {
            var names = new List<string>();
            await foreach (var blob in recaps.GetBlobsAsync(BlobTraits.None, BlobStates.None, null, CancellationToken.None))
            {
                names.Add(blob.Name.Replace(".pdf", string.Empty, StringComparison.Ordinal));
            }

            return names;
        });
        foreach (var (number, started) in recapItems)
        {
            var ready = (await predemandes.GetEntityAsync<TableEntity>(number, "predemande")).Value.GetDateTimeOffset("RecapReadyAt")!.Value;
            recapLatency.RecordValue(Ticks(ready - started));
        }

        Rows.Add(Pipeline($"pipeline submit → recap stored ({1000 / load.SubmitEveryMs}/s)", recapLatency, target));

        // lodging (last upload) → instruction task sent
        var instruction = new QueueClient(_connection, "instruction-75", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var taskLatency = new LongHistogram(TimeStamp.Minutes(5), 3);
        var lodged = await Task.WhenAll(recapItems.Take(load.Lodgings).Select(async (item, i) =>
        {
            await Task.Delay(i * load.LodgeEveryMs);
            using var deposit = await SendAsync(HttpMethod.Post, $"/api/dr/predemandes/{item.Number}/deposit", "X-Api-Key", "bench-mairie-key");
            var documents = JsonNode.Parse(await deposit.Content.ReadAsStringAsync())!["documents"]!.AsArray();
            foreach (var document in documents)
            {
                using var put = new HttpRequestMessage(HttpMethod.Put, document!["uploadUrl"]!.GetValue<string>()) { Content = new ByteArrayContent(Encoding.ASCII.GetBytes($"%PDF-1.7\n% {item.Number}\n")) };
                put.Headers.Add("x-ms-blob-type", "BlockBlob");
                (await _http.SendAsync(put)).Dispose();
            }

            return (item.Number, Started: DateTimeOffset.UtcNow);
        }));
        await UntilAllAsync(lodged.Select(l => l.Number), async () =>
        {
            // Consumed as the CERT would: received, then deleted.
            var numbers = new List<string>();
            if ((await instruction.ExistsAsync()).Value)
            {
                foreach (var message in (await instruction.ReceiveMessagesAsync(32)).Value)
                {
                    numbers.Add(JsonNode.Parse(message.Body.ToString())!["number"]!.GetValue<string>());
                    await instruction.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                }
            }

            return numbers;
        });
        foreach (var (number, started) in lodged)
        {
            var dispatches = JsonNode.Parse((await predemandes.GetEntityAsync<TableEntity>(number, "predemande")).Value.GetString("Dispatches"))!;
            var sent = DateTimeOffset.Parse(dispatches[$"task-{number}"]!["sentAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
            taskLatency.RecordValue(Ticks(sent - started));
        }

        Rows.Add(Pipeline($"pipeline lodging → instruction task ({1000.0 / load.LodgeEveryMs:0.#}/s)", taskLatency, target));

        // available event → outbox row sent
        var outbox = new TableServiceClient(_connection).GetTableClient("outbox");
        var smsLatency = new LongHistogram(TimeStamp.Minutes(5), 3);
        var reported = await Task.WhenAll(lodged.Select(async (item, i) =>
        {
            await Task.Delay(i * load.LodgeEveryMs);
            foreach (var type in Progress)
            {
                (await SendAsync(HttpMethod.Post, $"/api/prefecture/predemandes/{item.Number}/events", "X-Api-Key", "bench-prefecture-key", Encoding.UTF8.GetBytes($"{{\"type\":\"{type}\"}}"))).Dispose();
            }

            return (item.Number, Started: DateTimeOffset.UtcNow);
        }));
        var rows = new System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await UntilAllAsync(reported.Select(r => r.Number), async () =>
        {
            foreach (var (number, _) in reported.Where(r => !rows.ContainsKey(r.Number)))
            {
                if (await outbox.GetEntityIfExistsAsync<TableEntity>(number, "titleAvailable") is { HasValue: true } row && row.Value!.GetDateTimeOffset("SentAt") is { } sentAt)
                {
                    rows[number] = sentAt;
                }
            }

            return rows.Keys;
        });
        foreach (var (number, started) in reported)
        {
            smsLatency.RecordValue(Ticks(rows[number] - started));
        }

        Rows.Add(Pipeline($"pipeline available → outbox row ({1000.0 / load.LodgeEveryMs:0.#}/s)", smsLatency, target));
    }

    private static long Ticks(TimeSpan elapsed) => Math.Max(0, (long)(elapsed.TotalSeconds * Stopwatch.Frequency));

    // Checks every 250 ms until every key is among those <paramref name="present"/> returns (once seen, a key stays seen).
    private static async Task UntilAllAsync(IEnumerable<string> keys, Func<Task<IEnumerable<string>>> present)
    {
        var waiting = keys.ToHashSet(StringComparer.Ordinal);
        var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 120);
        while (waiting.Count > 0)
        {
            waiting.ExceptWith(await present());
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"{waiting.Count} pipeline items did not finish within two minutes.");
            }

            await Task.Delay(250);
        }
    }

    private static string[] Pipeline(string name, LongHistogram latency, string? target) =>
        [name, $"p50 {Ms(latency, 50)} / p95 {Ms(latency, 95)} / p99 {Ms(latency, 99)} ms", $"{latency.TotalCount} items", string.Empty, target ?? string.Empty];

    /// <summary>
    /// The app's path and the same storage operations directly, measured <see cref="Runs"/> times;
    /// each run interleaves the two in halves, app-direct-direct-app then direct-app-app-direct, so
    /// that a drift of the machine or of Azurite's data during a run (throughput still rising or
    /// falling over seconds) weighs on both sides alike. The row gives each run's ratio and their
    /// median, and the figures of the median run.
    /// </summary>
    private async Task PairedAsync(string name, Func<int, Task> app, Func<int, Task> raw)
    {
        // Warm-up under the same load, not measured: the JIT build's code reaches its optimised
        // tier (tiered compilation recompiles hot methods after their first calls) and both sides'
        // connection pools are full before the first measure.
        await LoadAsync(app, WarmUp);
        await LoadAsync(raw, WarmUp);
        var half = duration / 2;
        var runs = new List<((double PerSecond, LongHistogram Latency) App, (double PerSecond, LongHistogram Latency) Raw)>();
        for (var run = 0; run < Runs; run++)
        {
            var (outer, inner) = run % 2 == 0 ? (app, raw) : (raw, app);
            var first = await LoadAsync(outer, half, warm: false);
            var second = await LoadAsync(inner, half, warm: false);
            var third = await LoadAsync(inner, half, warm: false);
            var fourth = await LoadAsync(outer, half, warm: false);
            var (outerSide, innerSide) = (Combine(first, fourth), Combine(second, third));
            runs.Add(run % 2 == 0 ? (outerSide, innerSide) : (innerSide, outerSide));
        }

        var ratios = runs.Select(r => r.App.PerSecond / r.Raw.PerSecond).ToArray();
        var median = runs.OrderBy(r => r.App.PerSecond / r.Raw.PerSecond).ElementAt(runs.Count / 2);
        Rows.Add([
            name,
            $"{median.App.PerSecond:F0}/s (p50 {Ms(median.App.Latency, 50)}, p95 {Ms(median.App.Latency, 95)}, p99 {Ms(median.App.Latency, 99)} ms)",
            $"{median.Raw.PerSecond:F0}/s",
            $"{string.Join(" / ", ratios.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))} (median {(median.App.PerSecond / median.Raw.PerSecond).ToString("F2", CultureInfo.InvariantCulture)})",
            "≥ 0.90",
        ]);
    }

    private static string Ms(LongHistogram h, double percentile) =>
        (h.GetValueAtPercentile(percentile) * 1000.0 / Stopwatch.Frequency).ToString("F1", CultureInfo.InvariantCulture);

    // Two measures of equal length as one: their mean rate and their latencies together.
    private static (double PerSecond, LongHistogram Latency) Combine((double PerSecond, LongHistogram Latency) a, (double PerSecond, LongHistogram Latency) b)
    {
        var latency = new LongHistogram(TimeStamp.Minutes(1), 3);
        latency.Add(a.Latency);
        latency.Add(b.Latency);
        return ((a.PerSecond + b.PerSecond) / 2, latency);
    }

    // Closed model: Workers clients, each sending as soon as its previous request is answered.
    private async Task<(double PerSecond, LongHistogram Latency)> LoadAsync(Func<int, Task> operation, TimeSpan? length = null, bool warm = true)
    {
        var measured = length ?? duration;
        for (var request = 0; warm && request < 50; request++)
        {
            await operation(request);
        }

        var histogram = new LongHistogram(TimeStamp.Minutes(1), 3);
        var count = 0;
        var clock = Stopwatch.StartNew();
        var done = 0;
        var trace = Environment.GetEnvironmentVariable("BENCH_TRACE") == "1" ? Task.Run(async () =>
        {
            var last = 0;
            var line = new System.Text.StringBuilder();
            while (clock.Elapsed < measured)
            {
                await Task.Delay(500);
                var now = Volatile.Read(ref done);
                line.Append(' ').Append((now - last) * 2);
                last = now;
            }
            Console.Error.WriteLine($"trace{line}");
        }) : Task.CompletedTask;
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(async worker =>
        {
            var local = new LongHistogram(TimeStamp.Minutes(1), 3);
            while (clock.Elapsed < measured)
            {
                var i = Interlocked.Increment(ref count);
                var started = Stopwatch.GetTimestamp();
                await operation(i);
                local.RecordValue(Stopwatch.GetTimestamp() - started);
                Interlocked.Increment(ref done);
            }

            lock (histogram)
            {
                histogram.Add(local);
            }
        }));
        return (histogram.TotalCount / clock.Elapsed.TotalSeconds, histogram);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string header, string key, byte[]? body = null)
    {
        var request = new HttpRequestMessage(method, new Uri(_app, path));
        request.Headers.Add(header, key);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        var response = await _http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return response;
    }

    private async Task StartAsync(string root, bool triggers)
    {
        await StartAzuriteAsync(root);
        var port = FreePort();
        var environment = AppEnvironment(port);

        // PREDEMANDE_BENCH_APP: a published app to measure (the Native AOT executable of scripts/package.sh); default the JIT build beside this program.
        _appProcess = StartApp(environment);
        _processes.Add(_appProcess);
        _app = new Uri($"http://127.0.0.1:{port}");
        await WaitAsync(async () => (await _http.GetAsync(_app)).EnsureSuccessStatusCode());
        if (triggers)
        {
            // The stand-in Functions host, from the function.json files the app writes, with host.json's settings.
            var functions = Directory.CreateTempSubdirectory("predemande-bench-functions-").FullName;
            using (var writer = Start("dotnet", AppContext.BaseDirectory, new Dictionary<string, string>(), Path.Combine(AppContext.BaseDirectory, "PreDemande.Functions.dll"), "--write-function-metadata", functions))
            {
                await writer.WaitForExitAsync();
            }

            var settings = HostSettings.FromHostJson(Path.Combine(root, "host.json"));
            _host = StandInHost.Start(FunctionMetadata.Read(functions), new HttpClient { BaseAddress = _app, Timeout = Timeout.InfiniteTimeSpan }, new HostStorage(_connection), settings, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        }
    }

    /// <summary>A fresh in-memory Azurite (on core 0 with <see cref="PinStorage"/>); <see cref="_connection"/> names it.</summary>
    private async Task StartAzuriteAsync(string root)
    {
        var (blob, queue, table) = (FreePort(), FreePort(), FreePort());
        _processes.Add(Start(Pinned("node", 0), root, new Dictionary<string, string>(), [.. PinnedArguments("node", 0), Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js"), "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--silent",
            "--blobHost", "127.0.0.1", "--blobPort", $"{blob}", "--queueHost", "127.0.0.1", "--queuePort", $"{queue}", "--tableHost", "127.0.0.1", "--tablePort", $"{table}"]));
        _connection = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;";
        await WaitAsync(async () => { using var c = new TcpClient(); await c.ConnectAsync(IPAddress.Loopback, table); });
    }

    /// <summary>The app (the published one of PREDEMANDE_BENCH_APP, else the JIT build beside this program), on core 1 with <see cref="PinStorage"/>.</summary>
    private Process StartApp(IDictionary<string, string> environment)
    {
        var published = Environment.GetEnvironmentVariable("PREDEMANDE_BENCH_APP");
        return string.IsNullOrEmpty(published)
            ? Start(Pinned("dotnet", 1), AppContext.BaseDirectory, environment, [.. PinnedArguments("dotnet", 1), Path.Combine(AppContext.BaseDirectory, "PreDemande.Functions.dll")])
            : Start(Pinned(published, 1), Path.GetDirectoryName(published)!, environment, PinnedArguments(published, 1));
    }

    /// <summary>The app's settings for the benchmark: listening on <paramref name="port"/>, on the Azurite of <see cref="_connection"/>, the bench clients without rate limits.</summary>
    private Dictionary<string, string> AppEnvironment(int port)
    {
        var environment = new Dictionary<string, string>
        {
            ["FUNCTIONS_CUSTOMHANDLER_PORT"] = $"{port}",
            ["AzureWebJobsStorage"] = _connection,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var role in _keepRateLimits ? [] : new[] { "Portal", "Mairie", "Prefecture", "Booking" })
        {
            environment[$"PreDemande__RateLimits__{role}__PermitsPerSecond"] = "1000000";
            environment[$"PreDemande__RateLimits__{role}__Burst"] = "1000000";
        }

        if (_bookingLimit is { } booking)
        {
            environment["PreDemande__RateLimits__Booking__PermitsPerSecond"] = booking.PermitsPerSecond.ToString(CultureInfo.InvariantCulture);
            environment["PreDemande__RateLimits__Booking__Burst"] = booking.Burst.ToString(CultureInfo.InvariantCulture);
        }

        for (var i = 0; i < Clients.Length; i++)
        {
            environment[$"PreDemande__Clients__{i}__Id"] = Clients[i].Id;
            environment[$"PreDemande__Clients__{i}__Role"] = Clients[i].Role;
            environment[$"PreDemande__Clients__{i}__Scope"] = Clients[i].Scope ?? string.Empty;
            environment[$"PreDemande__Clients__{i}__KeySha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Clients[i].Key)));
        }

        return environment;
    }

    // With PinStorage, a process is started through taskset on one core (taskset execs it: same pid).
    private string Pinned(string file, int core) => PinStorage ? "taskset" : file;

    private string[] PinnedArguments(string file, int core) => PinStorage ? ["-c", core.ToString(CultureInfo.InvariantCulture), file] : [];

    private static Process Start(string file, string directory, IDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitAsync(Func<Task> probe)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await probe();
                return;
            }
            catch (Exception) when (attempt < 300)
            {
                await Task.Delay(100);
            }
        }
    }

    private static double PeakMemoryMb(Process process)
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _http.Dispose();
    }

    private async Task StopAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
            _host = null;
        }

        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        _processes.Clear();
    }
}
