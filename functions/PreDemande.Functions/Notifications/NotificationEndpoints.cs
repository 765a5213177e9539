using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Problems;
using PreDemande.Functions.Scheduling;
using PreDemande.Functions.Storage;

using PreDemande.Functions.Settings;

namespace PreDemande.Functions.Notifications;

/// <summary>
/// Notifications to the applicant: the queue-triggered notifier, its reactions to the lifecycle,
/// and the Event Grid webhook for ACS delivery reports (SMS and e-mail), which updates the outbox.
/// </summary>
public static partial class NotificationEndpoints
{
    public const int MaxReportBytes = 256 * 1024;
    public static readonly FunctionDeclaration Send = FunctionDeclaration.Queue("SendNotification", StorageNames.Queues.Notifications);

    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NotificationOptions>().Bind(configuration.GetSection(NotificationOptions.Section)).Checked();
        services.AddSingleton<Outbox>();
        services.AddSingleton<Notifier>();
        services.AddSingleton<NotificationRequests>();
        services.AddSingleton<ILifecycleReaction, NotificationReactions>();
        services.AddDueTaskHandler<CollectionReminderHandler>(DueTask.Reminder, DueWindow.Morning);
        services.AddSingleton<OutboxOnlySender>();
        services.AddSingleton<AcsSender>();
        services.AddSingleton<INotificationSender>(provider =>
            string.Equals(provider.GetRequiredService<IOptions<NotificationOptions>>().Value.Sender, NotificationOptions.AcsSender, StringComparison.OrdinalIgnoreCase)
                ? provider.GetRequiredService<AcsSender>()
                : provider.GetRequiredService<OutboxOnlySender>());
        services.AddTriggerFunction<Notifier>(Send, (notifier, invocation, cancellationToken) => notifier.NotifyAsync(invocation.RequiredDataString("message"), cancellationToken));
        return services;
    }

    /// <summary>On <c>/api</c>: Event Grid calls it with the secret of its subscription URL (<c>?key=</c>), not with a client key.</summary>
    public static RouteGroupBuilder MapDeliveryReports(this RouteGroupBuilder api)
    {
        api.MapPost("/notifications/events", ReceiveAsync)
            .AsFunction("DeliveryReports")
            .AllowAnonymous()
            .WithTags("Azure Communication Services")
            .Accepts<System.Text.Json.Nodes.JsonArray>("application/json")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("Accusés de réception SMS et e-mail (abonnement Event Grid, ?key=)")
            .WithDescription("Événements Event Grid : la poignée de main de validation de l'abonnement, Microsoft.Communication.SMSDeliveryReportReceived et EmailDeliveryReportReceived, qui mettent à jour la ligne de l'outbox (delivered ou failed avec le motif).");
        return api;
    }

    private static async Task<Results<Ok<ValidationResponse>, Ok, ValidationProblem, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request,
        [FromQuery(Name = "key")] string? key,
        Outbox outbox,
        TimeProvider time,
        IOptions<NotificationOptions> options,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var expected = options.Value.EventGridKey;
        if (string.IsNullOrEmpty(expected) || key is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(expected)))
        {
            return ProblemResults.Unauthorized("Clé de l'abonnement Event Grid absente ou inconnue.");
        }

        // Reads at most one byte past the limit: a larger body is refused without being read whole.
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while (buffer.Length <= MaxReportBytes && (read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length > MaxReportBytes)
        {
            return ProblemResults.PayloadTooLarge(MaxReportBytes);
        }

        JsonDocument events;
        try
        {
            events = JsonDocument.Parse(buffer.ToArray());
        }
        catch (JsonException)
        {
            return ProblemResults.Field("$", "Tableau d'événements Event Grid attendu.");
        }

        using (events)
        {
            if (events.RootElement.ValueKind != JsonValueKind.Array)
            {
                return ProblemResults.Field("$", "Tableau d'événements Event Grid attendu.");
            }

            var logger = loggers.CreateLogger("PreDemande.Notifications.DeliveryReports");
            foreach (var item in events.RootElement.EnumerateArray())
            {
                var type = item.TryGetProperty("eventType", out var t) ? t.GetString() : null;
                var data = item.TryGetProperty("data", out var d) ? d : default;
                if (type == "Microsoft.EventGrid.SubscriptionValidationEvent" && data.TryGetProperty("validationCode", out var code))
                {
                    return TypedResults.Ok(new ValidationResponse(code.GetString() ?? string.Empty));
                }

                if (DeliveryReport.From(type, data) is { } report)
                {
                    await ApplyAsync(outbox, report, time.GetUtcNow(), logger, cancellationToken);
                }
            }
        }

        return TypedResults.Ok();
    }

    private static async Task ApplyAsync(Outbox outbox, DeliveryReport report, DateTimeOffset now, ILogger logger, CancellationToken cancellationToken)
    {
        // A report about a row the purge removed meanwhile is as unknown as one never sent.
        if (await outbox.FindAsync(report.MessageId, cancellationToken) is not { } row
            || !await outbox.TryUpdateAsync(row with { Status = report.Delivered ? OutboxRow.Delivered : OutboxRow.Failed, Reason = report.Delivered ? row.Reason : report.Detail, ReportedAt = now }, cancellationToken))
        {
            LogUnknownReport(logger, report.MessageId);
            return;
        }

        LogReport(logger, row.Number, row.Kind, row.Channel, report.Delivered ? OutboxRow.Delivered : OutboxRow.Failed, report.MessageId);
        Telemetry.AppMetrics.CountDeliveryReport(row.Kind, row.Channel, report.Delivered);
    }

    [LoggerMessage(EventId = 970, Level = LogLevel.Information, Message = "Delivery report for {Kind} of {Number} by {Channel}: {Status} (message {MessageId})")]
    private static partial void LogReport(ILogger logger, string number, string kind, string channel, string status, string messageId);

    [LoggerMessage(EventId = 971, Level = LogLevel.Warning, Message = "Delivery report for unknown message {MessageId}")]
    private static partial void LogUnknownReport(ILogger logger, string messageId);
}

/// <summary>The answer to Event Grid's subscription validation handshake.</summary>
public sealed record ValidationResponse([property: System.Text.Json.Serialization.JsonPropertyName("validationResponse")] string Code);

/// <summary>An ACS delivery report (Event Grid schema): SMS <c>deliveryStatus</c>, e-mail <c>status</c>.</summary>
public sealed record DeliveryReport(string MessageId, bool Delivered, string? Detail)
{
    public static DeliveryReport? From(string? eventType, JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty("messageId", out var id) || id.GetString() is not { } messageId)
        {
            return null;
        }

        return eventType switch
        {
            "Microsoft.Communication.SMSDeliveryReportReceived" => new(
                messageId,
                string.Equals(Text(data, "deliveryStatus"), "Delivered", StringComparison.OrdinalIgnoreCase),
                Text(data, "deliveryStatusDetails")),
            "Microsoft.Communication.EmailDeliveryReportReceived" => new(
                messageId,
                string.Equals(Text(data, "status"), "Delivered", StringComparison.OrdinalIgnoreCase),
                data.TryGetProperty("deliveryStatusDetails", out var details) ? Text(details, "statusMessage") ?? Text(data, "status") : Text(data, "status")),
            _ => null,
        };
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
