namespace PreDemande.LocalHost;

// The stand-in for the Azure Functions host (see StandInHost):
//   PreDemande.LocalHost --app http://127.0.0.1:7071 --functions DIR
// DIR holds one folder per function with its function.json, as written by
// `PreDemande.Functions --write-function-metadata DIR`; host.json is read from DIR, else from
// beside this program. Storage: AzureWebJobsStorage (a connection string). Settings, all
// optional, as LocalHost__{Name} or --LocalHost:{Name}: MaxPollingInterval, BlobPollingInterval,
// RetryDelay (host.json visibilityTimeout), BatchSize, MaxDequeueCount, FunctionTimeout.
/// <summary>Entry point of the stand-in host.</summary>
internal static class LocalHostProgram
{
    public static async Task<int> Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
        {
            ["--app"] = $"{LocalHostSettings.Section}:App",
            ["--functions"] = $"{LocalHostSettings.Section}:Functions",
            ["--host-json"] = $"{LocalHostSettings.Section}:HostJson",
        });
        var settings = LocalHostSettings.From(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.Services.AddHostedService<StandInService>();
        await builder.Build().RunAsync();
        return 0;
    }
}

/// <summary>The program's settings, read once at start; a missing one stops it with a sentence saying which.</summary>
internal sealed record LocalHostSettings(Uri App, string Functions, HostSettings Host, string Storage)
{
    public const string Section = "LocalHost";

    public static LocalHostSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var port = configuration["FUNCTIONS_CUSTOMHANDLER_PORT"] is { Length: > 0 } p ? p : "7071";
        var app = new Uri(section["App"] ?? $"http://127.0.0.1:{port}");
        var functions = section["Functions"] ?? throw new InvalidOperationException("Name the folder of the function.json files: --functions DIR (write it with PreDemande.Functions --write-function-metadata DIR).");
        var hostJson = section["HostJson"] ?? (File.Exists(Path.Combine(functions, "host.json")) ? Path.Combine(functions, "host.json") : Path.Combine(AppContext.BaseDirectory, "host.json"));
        var host = HostSettings.FromHostJson(hostJson);
        host = host with
        {
            BatchSize = section.GetValue(nameof(HostSettings.BatchSize), host.BatchSize),
            MaxDequeueCount = section.GetValue(nameof(HostSettings.MaxDequeueCount), host.MaxDequeueCount),
            RetryDelay = section.GetValue(nameof(HostSettings.RetryDelay), host.RetryDelay),
            MaxPollingInterval = section.GetValue(nameof(HostSettings.MaxPollingInterval), host.MaxPollingInterval),
            BlobPollingInterval = section.GetValue(nameof(HostSettings.BlobPollingInterval), host.BlobPollingInterval),
            FunctionTimeout = section.GetValue(nameof(HostSettings.FunctionTimeout), host.FunctionTimeout),
        };
        // The triggers' connection (function.json "connection": PreDemandeData), else AzureWebJobsStorage (one Azurite for all).
        var storage = configuration[HostStorage.DataSetting] is { Length: > 0 } data ? data
            : configuration[HostStorage.Setting] is { Length: > 0 } connection ? connection
            : throw new InvalidOperationException($"Set {HostStorage.Setting} (or {HostStorage.DataSetting}) to the storage connection string (UseDevelopmentStorage=true for Azurite on its default ports).");
        return new LocalHostSettings(app, functions, host, storage);
    }
}

/// <summary>Runs the stand-in host for the life of the program.</summary>
internal sealed partial class StandInService(LocalHostSettings settings, ILoggerFactory loggers) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var functions = FunctionMetadata.Read(settings.Functions);
        using var app = new HttpClient { BaseAddress = settings.App, Timeout = Timeout.InfiniteTimeSpan };
        var logger = loggers.CreateLogger<StandInService>();
        LogStarting(logger, functions.Count, settings.App);
        await using var host = StandInHost.Start(functions, app, new HostStorage(settings.Storage), settings.Host, loggers);
        await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Stand-in Functions host: {Count} trigger functions, invoking the app at {App}")]
    private static partial void LogStarting(ILogger logger, int count, Uri app);
}
