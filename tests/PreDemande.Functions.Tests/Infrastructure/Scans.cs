using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PreDemande.Functions.Tests.Infrastructure;

/// <summary>Scanned documents as the DR uploads them, and what becomes of them in storage.</summary>
public static class Scans
{
    private static readonly HttpClient Storage = new();

    public static byte[] Pdf(string text) => Encoding.ASCII.GetBytes($"%PDF-1.7\n% {text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    public static byte[] Jpeg(string text) => [0xFF, 0xD8, 0xFF, 0xE0, .. Encoding.ASCII.GetBytes(text)];

    public static byte[] Png(string text) => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Encoding.ASCII.GetBytes(text)];

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>PUT to an upload URL with the headers the deposit answer lists.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(JsonNode document, byte[] content)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, document["uploadUrl"]!.GetValue<string>()) { Content = new ByteArrayContent(content) };
        foreach (var (name, value) in document["uploadHeaders"]!.AsObject())
        {
            request.Headers.Add(name, value!.GetValue<string>());
        }

        return await Storage.SendAsync(request);
    }

    public static async Task<HttpStatusCode> GetAsync(string url) => (await Storage.GetAsync(url)).StatusCode;

    /// <summary>The messages now on <c>dossiers-deposes</c> for that number (peeked, left in place).</summary>
    public static async Task<List<JsonObject>> DossierMessagesAsync(this PreDemandeFactory app, string number)
    {
        var queue = app.Queues.GetQueueClient("dossiers-deposes");
        var messages = (await queue.PeekMessagesAsync(32)).Value;
        return messages
            .Select(m => JsonNode.Parse(m.Body.ToString())!.AsObject())
            .Where(m => m["number"]!.GetValue<string>() == number)
            .ToList();
    }

    public static Task<List<string>> BlobNamesAsync(this PreDemandeFactory app, string container, string prefix) =>
        app.Blobs.BlobNamesAsync(container, prefix);

    /// <summary>The names of the blobs of <paramref name="container"/> under <paramref name="prefix"/>; none when the container is not there.</summary>
    public static async Task<List<string>> BlobNamesAsync(this Azure.Storage.Blobs.BlobServiceClient blobs, string container, string prefix)
    {
        var names = new List<string>();
        var client = blobs.GetBlobContainerClient(container);
        if (!(await client.ExistsAsync()).Value)
        {
            return names;
        }

        await foreach (var blob in client.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, CancellationToken.None))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    public static Dictionary<string, JsonNode> ByKind(this JsonObject deposit) =>
        deposit["documents"]!.AsArray().ToDictionary(d => d!["kind"]!.GetValue<string>(), d => d!);

    public static JsonSerializerOptions Web => HttpExtensions.Web;
}
