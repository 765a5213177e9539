using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PreDemande.Core.Forms;
using PreDemande.Core.Geography;
using PreDemande.Functions.Recap;

// Figures, not tests (scripts/bench.sh):
// 1. recap rendering on one core: PDFs per second and bytes per PDF, for a full adult passport
//    pre-application (docs/examples/passport-adult.json);
// 2. the HTTP paths of the app against the same storage operations done directly, the pipelines'
//    latencies and the app's peak memory (HttpBench).
// 3. with --scale N: N due purges, 5 N due reminders, N/3 audit partitions to index and N/3 to remove
//    (N/30,000 of a national day, 5 N/30,000 for the reminders and the audit) drained by the timers' fan-out, beside the same work done directly, and a
//    national day extrapolated (HttpBench.Scale.cs).
// 4. with a published app (PREDEMANDE_BENCH_APP, the Native AOT package), first: its start to the
//    first ready answer of GET /, median of five starts (HttpBench.Start.cs); --start-only: that row alone.
// 5. the check of a scanned proof of address, end to end (ProofBench); --proofs-only: that alone.
// 6. --booking-peak: the national peak of booking status calls (83/s from one tool) for [seconds],
//    on the default rate limits and on the old booking default; the 429s of each (HttpBench.BookingPeak.cs).
//   dotnet run -c Release --project tests/PreDemande.Benchmarks -- [seconds] [--write FILE] [--recap-only] [--paths-only] [--start-only] [--scale N [--scale-only]] [--proofs-only] [--booking-peak]
if (Array.IndexOf(args, "--proofs-only") >= 0)
{
    ProofBench.Run(args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var proofRuns) && proofRuns >= 5 ? proofRuns : 30);
    return;
}

var seconds = args.Length > 0 && double.TryParse(args[0], CultureInfo.InvariantCulture, out var s) ? s : 5;
var write = Array.IndexOf(args, "--write") is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

var example = Path.Combine(AppContext.BaseDirectory, "passport-adult.json");
var bookingPeak = Array.IndexOf(args, "--booking-peak") >= 0;
var startOnly = Array.IndexOf(args, "--start-only") >= 0 || bookingPeak;
if (!startOnly)
{
    var form = JsonSerializer.Deserialize(File.ReadAllBytes(example), BenchJson.Default.PreApplicationForm)!;
    var validation = new FormValidator(Communes.Default).Validate(form, DateOnly.FromDateTime(DateTime.UtcNow));
    if (!validation.IsValid)
    {
        throw new InvalidOperationException("The example form is not valid: " + string.Join(", ", validation.Errors.Fields));
    }

    var created = DateTimeOffset.UtcNow;
    var document = new PreApplicationDocument("4XYPEK10HT", created, created.AddMonths(12), validation.Fee!, validation.Form!);
    using var fonts = new RecapFonts();
    var renderer = new RecapRenderer(fonts);

    var sample = renderer.Render(document);
    if (write is not null)
    {
        File.WriteAllBytes(write, sample);
    }

    for (var warm = 0; warm < 50; warm++)
    {
        renderer.Render(document);
    }

    var count = 0;
    long bytes = 0;
    var clock = Stopwatch.StartNew();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    while (clock.Elapsed.TotalSeconds < seconds)
    {
        bytes += renderer.Render(document).Length;
        count++;
    }

    clock.Stop();
    var cpuUsed = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
    Console.WriteLine($"recap PDFs rendered (one thread): {count} in {clock.Elapsed.TotalSeconds:F1} s");
    Console.WriteLine($"PDFs per second per core:          {count / clock.Elapsed.TotalSeconds:F0} (wall), {count / cpuUsed:F0} (per CPU second)");
    Console.WriteLine($"bytes per PDF:                     {bytes / count} ({bytes / count / 1024.0:F1} KiB)");
    Console.WriteLine();
    ProofBench.Run(30);
}

if (Array.IndexOf(args, "--recap-only") < 0)
{
    Console.WriteLine();
    var published = Environment.GetEnvironmentVariable("PREDEMANDE_BENCH_APP");
    if (!startOnly)
    {
        Console.WriteLine($"HTTP paths: closed model, 16 concurrent clients, {seconds:F0} s per measure, three runs per path, each interleaving app and direct in halves (ABBA, then BAAB) (no trigger running: HTTP scales apart from triggers on Flex Consumption), one in-memory Azurite, app and load on {Environment.ProcessorCount} cores; pipelines on a fresh app with the stand-in host running its triggers; app {(string.IsNullOrEmpty(published) ? "JIT (dotnet PreDemande.Functions.dll)" : published)}");
    }

    if ((!string.IsNullOrEmpty(published) || startOnly) && !bookingPeak)
    {
        Console.WriteLine("Start: the app launched 5 times on an in-memory Azurite whose storage a first start created, each from the launch to the first 200 of GET / (the host's readiness probe, answered once storage is checked), probed every millisecond; the median and each start.");
    }

    var root = AppContext.BaseDirectory;
    while (!File.Exists(Path.Combine(root, "PreDemande.Functions.sln")))
    {
        root = Path.GetDirectoryName(root.TrimEnd('/')) ?? throw new InvalidOperationException("Run inside the repository.");
    }

    var scale = Array.IndexOf(args, "--scale") is var k and >= 0 && k + 1 < args.Length ? int.Parse(args[k + 1], CultureInfo.InvariantCulture) : 0;
    var pin = Array.IndexOf(args, "--pin-storage") >= 0;
    if (pin && OperatingSystem.IsLinux())
    {
        // The load generator beside the app on core 1; Azurite alone on core 0.
        Process.GetCurrentProcess().ProcessorAffinity = 2;
        Console.WriteLine("Pinned: Azurite on core 0, the app and the load generator on core 1.");
    }

    await using var bench = new HttpBench(TimeSpan.FromSeconds(seconds)) { StartOnly = startOnly && !bookingPeak, BookingPeakOnly = bookingPeak, ScalePurges = scale, ScaleOnly = scale > 0 && Array.IndexOf(args, "--scale-only") >= 0, PathsOnly = Array.IndexOf(args, "--paths-only") >= 0, PinStorage = pin };
    await bench.RunAsync(root, File.ReadAllBytes(example));
    string[] header = ["path", "app", "same storage operations directly", "ratio", "target"];
    var widths = header.Select((h, c) => bench.Rows.Select(r => r[c].Length).Append(h.Length).Max()).ToArray();
    foreach (var row in bench.Rows.Prepend(header))
    {
        Console.WriteLine(string.Join(" | ", row.Select((cell, c) => cell.PadRight(widths[c]))));
    }
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[System.Text.Json.Serialization.JsonSerializable(typeof(PreApplicationForm))]
internal sealed partial class BenchJson : System.Text.Json.Serialization.JsonSerializerContext;
