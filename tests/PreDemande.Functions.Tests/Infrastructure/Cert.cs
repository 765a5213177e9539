using System.Net;
using System.Text.Json.Nodes;

namespace PreDemande.Functions.Tests.Infrastructure;

/// <summary>Steps of a whole dossier, and the CERT's side of the queues, for the instruction tests.</summary>
public static class Cert
{
    /// <summary>Submits, lodges at the mairie of <paramref name="mairieKey"/> and uploads every expected document; returns the number and what was uploaded.</summary>
    public static async Task<(string Number, Dictionary<string, byte[]> Uploaded)> LodgeCompleteAsync(this PreDemandeFactory app, string mairieKey, JsonObject? form = null)
    {
        var number = await app.SubmitReadyAsync(form);
        var mairie = app.ClientWithKey(mairieKey);
        var documents = (await (await mairie.DepositAsync(number)).JsonAsync()).ByKind();
        var uploaded = documents.Keys.ToDictionary(k => k, k => k == "photo" ? Scans.Jpeg($"{k} {number}") : Scans.Pdf($"{k} {number}"));
        foreach (var (kind, document) in documents)
        {
            Assert.Equal(HttpStatusCode.Created, (await Scans.UploadAsync(document, uploaded[kind])).StatusCode);
        }

        return (number, uploaded);
    }

    /// <summary>The messages now on <paramref name="queue"/> for that number (peeked, left in place).</summary>
    public static Task<List<JsonObject>> MessagesAsync(this PreDemandeFactory app, string queue, string number) =>
        app.Queues.MessagesAsync(queue, number);

    /// <inheritdoc cref="MessagesAsync(PreDemandeFactory, string, string)"/>
    public static async Task<List<JsonObject>> MessagesAsync(this Azure.Storage.Queues.QueueServiceClient queues, string queue, string number)
    {
        var client = queues.GetQueueClient(queue);
        if (!(await client.ExistsAsync()).Value)
        {
            return [];
        }

        return (await client.PeekMessagesAsync(32)).Value
            .Select(m => JsonNode.Parse(m.Body.ToString())!.AsObject())
            .Where(m => m["number"]!.GetValue<string>() == number)
            .ToList();
    }

    /// <summary>Waits for the instruction task of that number on <paramref name="queue"/>.</summary>
    public static async Task<List<JsonObject>> TasksAsync(this PreDemandeFactory app, string queue, string number) =>
        await Eventually.Async(() => app.MessagesAsync(queue, number), m => m.Count > 0, TimeSpan.FromSeconds(30));

    /// <summary>The ids of the messages sent once for that number and marked sent (the entity's <c>Dispatches</c>).</summary>
    public static Task<string[]> SentMessageIdsAsync(this PreDemandeFactory app, string number) =>
        app.Tables.SentMessageIdsAsync(number);

    /// <inheritdoc cref="SentMessageIdsAsync(PreDemandeFactory, string)"/>
    public static async Task<string[]> SentMessageIdsAsync(this Azure.Data.Tables.TableServiceClient tables, string number)
    {
        var entity = (await tables.GetTableClient("predemandes").GetEntityAsync<Azure.Data.Tables.TableEntity>(number, "predemande")).Value;
        return entity.GetString("Dispatches") is { } json
            ? JsonNode.Parse(json)!.AsObject().Where(d => d.Value!["sentAt"] is not null).Select(d => d.Key).Order(StringComparer.Ordinal).ToArray()
            : [];
    }

    public static Task<HttpResponseMessage> PostEventAsync(this HttpClient prefecture, string number, string type, string? reason = null, string? eventId = null)
    {
        var body = new JsonObject { ["type"] = type };
        if (reason is not null)
        {
            body["reason"] = reason;
        }

        if (eventId is not null)
        {
            body["eventId"] = eventId;
        }

        return prefecture.PostAsync($"/api/prefecture/predemandes/{number}/events", HttpExtensions.Json(body.ToJsonString()));
    }
}
