using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;

namespace PreDemande.Functions.Tests.Infrastructure;

/// <summary>What the portal and a mairie's DR do, as steps for the tests.</summary>
public static class Steps
{
    public static async Task<string> SubmitAsync(this PreDemandeFactory app, JsonObject? form = null)
    {
        var created = await app.ClientWithKey(TestClients.PortalKey).PostFormAsync(form ?? Forms.AdultPassport());
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        return (await created.JsonAsync())["number"]!.GetValue<string>();
    }

    /// <summary>Submits and waits for the recap (status <c>recapReady</c>), so that the version a test reads does not move under it.</summary>
    public static async Task<string> SubmitReadyAsync(this PreDemandeFactory app, JsonObject? form = null)
    {
        var number = await app.SubmitAsync(form);
        var portal = app.ClientWithKey(TestClients.PortalKey);
        await Eventually.Async(
            async () => (await (await portal.GetAsync($"/api/predemandes/{number}")).JsonAsync())["status"]!.GetValue<string>(),
            status => status == "recapReady",
            TimeSpan.FromSeconds(15));
        return number;
    }

    /// <summary>The version a mairie reads, to send back in <c>If-Match</c>.</summary>
    public static async Task<string> ReadETagAsync(this HttpClient mairie, string number) =>
        (await mairie.GetAsync($"/api/dr/predemandes/{number}")).Headers.ETag!.ToString();

    public static Task<HttpResponseMessage> PatchFormAsync(this HttpClient client, string number, JsonObject formPatch, string? ifMatch, string mediaType = "application/merge-patch+json") =>
        client.PatchRawAsync(number, new JsonObject { ["form"] = formPatch }.ToJsonString(), ifMatch, mediaType);

    public static Task<HttpResponseMessage> PatchRawAsync(this HttpClient client, string number, string body, string? ifMatch, string mediaType = "application/merge-patch+json")
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/dr/predemandes/{number}") { Content = HttpExtensions.Json(body, mediaType) };
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(ifMatch == "*" ? EntityTagHeaderValue.Any : EntityTagHeaderValue.Parse(ifMatch));
        }

        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> DepositAsync(this HttpClient client, string number, string? body = null) =>
        client.PostAsync($"/api/dr/predemandes/{number}/deposit", body is null ? null : HttpExtensions.Json(body));

    /// <summary>The audit entries about a number, as written on the path: rows of the (mairie, day) partitions (their by-number twins come the next night).</summary>
    public static async Task<List<TableEntity>> AuditOfNumberAsync(this PreDemandeFactory app, string number)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in app.Tables.GetTableClient("audit").QueryAsync<TableEntity>(e => e.PartitionKey.CompareTo("m|") >= 0 && e.PartitionKey.CompareTo("m}") < 0 && e.GetString("Number") == number))
        {
            rows.Add(row);
        }

        return rows;
    }

    public static async Task<List<TableEntity>> AuditRowsAsync(this PreDemandeFactory app, string partition)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in app.Tables.GetTableClient("audit").QueryAsync<TableEntity>(e => e.PartitionKey == partition))
        {
            rows.Add(row);
        }

        return rows;
    }

    public static async Task SetEntityAsync(this PreDemandeFactory app, string number, Dictionary<string, object> values)
    {
        var entity = new TableEntity(number, "predemande");
        foreach (var (key, value) in values)
        {
            entity[key] = value;
        }

        await app.Tables.GetTableClient("predemandes").UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge);
    }
}
