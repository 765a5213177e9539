using System.Text.Json.Nodes;
using Azure.Data.Tables;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Notifications;

public static class NotificationSteps
{
    /// <summary>The outbox row of a notification once it has reached a final status.</summary>
    public static async Task<TableEntity> FinalRowAsync(this PreDemandeFactory app, string number, string kind) =>
        (await Eventually.Async(() => app.RowAsync(number, kind), r => r?.GetString("Status") is "sent" or "skipped" or "failed" or "delivered", TimeSpan.FromSeconds(30)))!;

    public static async Task<TableEntity?> RowAsync(this PreDemandeFactory app, string number, string kind)
    {
        var response = await app.Tables.GetTableClient("outbox").GetEntityIfExistsAsync<TableEntity>(number, kind);
        return response.HasValue ? response.Value : null;
    }

    public static Task RequestAsync(this PreDemandeFactory app, string number, string kind) =>
        app.Queues.GetQueueClient("notifications").SendMessageAsync(new JsonObject { ["id"] = $"{number}:{kind}", ["number"] = number, ["kind"] = kind }.ToJsonString());

    /// <summary>Plays the host: one invocation of SendNotification for that request.</summary>
    public static Task<HttpResponseMessage> InvokeNotifierAsync(this PreDemandeFactory app, string number, string kind)
    {
        var message = new JsonObject { ["id"] = $"{number}:{kind}", ["number"] = number, ["kind"] = kind }.ToJsonString();
        var payload = new JsonObject
        {
            ["Data"] = new JsonObject { ["message"] = JsonValue.Create(message)!.ToJsonString() },
            ["Metadata"] = new JsonObject { ["DequeueCount"] = "1" },
        };
        return app.CreateClient().PostAsync("/SendNotification", HttpExtensions.Json(payload.ToJsonString()));
    }

    /// <summary>Lodges with every document and reports the instruction up to <paramref name="last"/>.</summary>
    public static async Task<string> LodgeAndReportAsync(this PreDemandeFactory app, JsonObject? form, params string[] events)
    {
        var (number, _) = await app.LodgeCompleteAsync(TestClients.MairieKey, form);
        await app.TasksAsync("instruction-75", number);
        var cert = app.ClientWithKey(TestClients.PrefectureKey);
        foreach (var type in events)
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, (await cert.PostEventAsync(number, type, type == "refused" ? "Pièce non conforme" : null)).StatusCode);
        }

        return number;
    }
}
