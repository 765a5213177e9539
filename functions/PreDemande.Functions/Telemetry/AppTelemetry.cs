using System.Diagnostics;
using System.Diagnostics.Metrics;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace PreDemande.Functions.Telemetry;

/// <summary>
/// The app's own counters (meter <c>PreDemande</c>) and activity source: no attribute carries a
/// name, an address, a phone number or an e-mail; a pre-application is named by its number.
/// </summary>
public static class AppMetrics
{
    public const string Name = "PreDemande";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Submissions = Meter.CreateCounter<long>("predemande.submissions", description: "Pre-applications accepted");
    public static readonly Counter<long> Lookups = Meter.CreateCounter<long>("predemande.lookups", description: "Mairie lookups, by outcome");
    public static readonly Counter<long> Recaps = Meter.CreateCounter<long>("predemande.recaps", description: "Recaps rendered");
    public static readonly Counter<long> Dispatches = Meter.CreateCounter<long>("predemande.dispatches", description: "Instruction tasks sent");
    public static readonly Counter<long> Lodgings = Meter.CreateCounter<long>("predemande.lodgings", description: "Pre-applications lodged at a mairie");
    public static readonly Counter<long> Notifications = Meter.CreateCounter<long>("predemande.notifications", description: "Notifications by kind, channel (sms, email) and status: sent or failed when sent, delivered or undelivered when the operator reports");

    public static readonly Counter<long> ProofChecks = Meter.CreateCounter<long>("predemande.proofs.checked", description: "Proofs of address checked at archiving, by summary (verified, mismatch, unverified, none) and reading");

    /// <summary>Counts a recorded proof check: its summary and what reading the scan gave (no personal data).</summary>
    public static void CountProofCheck(string summary, string reading) =>
        ProofChecks.Add(1, new("summary", summary), new("reading", reading));

    /// <summary>Counts a notification as it is sent: its outbox status (<c>sent</c>, <c>failed</c>).</summary>
    public static void CountNotification(string kind, string channel, string status) =>
        AppMetrics.Notifications.Add(1, new("kind", kind), new("channel", channel), new("status", status));

    /// <summary>Counts an operator's delivery report: <c>delivered</c> or <c>undelivered</c> (apart from a failed send).</summary>
    public static void CountDeliveryReport(string kind, string channel, bool delivered) =>
        CountNotification(kind, channel, delivered ? "delivered" : "undelivered");

    /// <summary>One per completed run of a daily timer, by timer: the heartbeat the 26-hour alert watches.</summary>
    public static readonly Counter<long> TimersCompleted = Meter.CreateCounter<long>("predemande.timers.completed", description: "Daily timer runs completed, by timer");

    /// <summary>The queue gauges, on the app's own meter (one per app, so that two apps in one process do not mix their counts).</summary>
    public static void ObserveQueues(IMeterFactory meters, Func<IEnumerable<Measurement<long>>> backlog, Func<IEnumerable<Measurement<long>>> poison)
    {
        var meter = meters.Create(Name);
        meter.CreateObservableGauge("predemande.queue.messages", backlog, description: "Messages waiting in a queue read by a trigger, by queue");
        meter.CreateObservableGauge("predemande.poison.messages", poison, description: "Messages waiting in a poison queue, by queue");
    }
}

/// <summary>
/// OpenTelemetry traces, metrics and logs, exported to Application Insights (with the managed
/// identity when <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> says so) when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, else over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is; nothing otherwise (the console log stays).
/// </summary>
public static class AppTelemetry
{
    public static void AddPreDemandeTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var insights = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        var otlp = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(insights) && string.IsNullOrWhiteSpace(otlp))
        {
            return;
        }

        var credential = ManagedIdentity(configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("predemande"))
            .WithTracing(tracing =>
            {
                tracing.AddSource(AppMetrics.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (!string.IsNullOrWhiteSpace(insights))
                {
                    tracing.AddAzureMonitorTraceExporter(o => (o.ConnectionString, o.Credential) = (insights, credential));
                }
                else
                {
                    tracing.AddOtlpExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(AppMetrics.Name).AddAspNetCoreInstrumentation();
                if (!string.IsNullOrWhiteSpace(insights))
                {
                    metrics.AddAzureMonitorMetricExporter(o => (o.ConnectionString, o.Credential) = (insights, credential));
                }
                else
                {
                    metrics.AddOtlpExporter();
                }
            });
        builder.Logging.AddOpenTelemetry(logging =>
        {
            if (!string.IsNullOrWhiteSpace(insights))
            {
                logging.AddAzureMonitorLogExporter(o => (o.ConnectionString, o.Credential) = (insights, credential));
            }
            else
            {
                logging.AddOtlpExporter();
            }
        });
    }

    // "Authorization=AAD;ClientId=…" (as the Functions host reads it): the user-assigned identity.
    private static ManagedIdentityCredential? ManagedIdentity(string? authentication)
    {
        if (string.IsNullOrWhiteSpace(authentication) || !authentication.Contains("Authorization=AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var clientId = authentication.Split(';').Select(p => p.Split('=', 2)).FirstOrDefault(p => p.Length == 2 && p[0].Trim().Equals("ClientId", StringComparison.OrdinalIgnoreCase))?[1].Trim();
        return new ManagedIdentityCredential(string.IsNullOrEmpty(clientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId));
    }
}
