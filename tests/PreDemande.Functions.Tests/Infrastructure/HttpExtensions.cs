using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PreDemande.Functions.Tests.Infrastructure;

public static class HttpExtensions
{
    public static Task<HttpResponseMessage> PostFormAsync(this HttpClient client, JsonNode form, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/predemandes")
        {
            Content = new StringContent(form.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    public static async Task<JsonObject> JsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    /// <summary>The problem document, after checking the media type is application/problem+json.</summary>
    public static async Task<JsonObject> ProblemAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal((int)response.StatusCode, problem["status"]!.GetValue<int>());
        Assert.StartsWith("urn:predemande:problem:", problem["type"]!.GetValue<string>(), StringComparison.Ordinal);
        return problem;
    }

    public static StringContent Json(string body, string mediaType = "application/json") =>
        new(body, new MediaTypeHeaderValue(mediaType) { CharSet = "utf-8" });

    public static JsonSerializerOptions Web { get; } = new(JsonSerializerDefaults.Web);
}
