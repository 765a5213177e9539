using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;

namespace PreDemande.Functions.Storage;

/// <summary>
/// Creates tables with the Table service REST API ("Create Table"): the SDK's
/// CreateIfNotExists serialises its request by reflection, which Native AOT does not allow.
/// Signs with the account key (SharedKeyLite) from a connection string, or with a bearer token.
/// </summary>
public sealed class TableProvisioner
{
    private static readonly HttpClient Http = new();
    private readonly Uri _tablesUri;
    private readonly Func<string, CancellationToken, ValueTask<AuthenticationHeaderValue>> _authorize;

    private TableProvisioner(Uri tableEndpoint, Func<string, CancellationToken, ValueTask<AuthenticationHeaderValue>> authorize)
    {
        _tablesUri = new Uri(tableEndpoint.ToString().TrimEnd('/') + "/Tables");
        _authorize = authorize;
    }

    public static TableProvisioner WithAccountKey(Uri tableEndpoint, string accountName, string accountKey)
    {
        var key = Convert.FromBase64String(accountKey);
        var resource = $"/{accountName}{new Uri(tableEndpoint.ToString().TrimEnd('/') + "/Tables").AbsolutePath}";
        return new TableProvisioner(tableEndpoint, (date, _) =>
        {
            var signature = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{date}\n{resource}")));
            return ValueTask.FromResult(new AuthenticationHeaderValue("SharedKeyLite", $"{accountName}:{signature}"));
        });
    }

    public static TableProvisioner WithToken(Uri tableEndpoint, TokenCredential credential) =>
        new(tableEndpoint, async (_, cancellationToken) =>
        {
            var token = await credential.GetTokenAsync(new TokenRequestContext(["https://storage.azure.com/.default"]), cancellationToken);
            return new AuthenticationHeaderValue("Bearer", token.Token);
        });

    /// <summary>Creates the table; true when created, false when it was already there.</summary>
    public async Task<bool> CreateIfNotExistsAsync(string table, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _tablesUri)
        {
            Content = new StringContent($"{{\"TableName\":\"{table}\"}}", Encoding.UTF8, "application/json"),
        };
        var date = DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture);
        request.Headers.Add("x-ms-date", date);
        request.Headers.Add("x-ms-version", "2019-02-02");
        request.Headers.Accept.ParseAdd("application/json;odata=nometadata");
        request.Headers.Add("Prefer", "return-no-content");
        request.Headers.Authorization = await _authorize(date, cancellationToken);

        using var response = await Http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }

        response.EnsureSuccessStatusCode();
        return true;
    }
}
