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
    private static readonly HttpClient Rest = new();
    private readonly Uri _endpoint;
    private readonly Uri _tablesUri;
    private readonly Func<string, Uri, CancellationToken, ValueTask<AuthenticationHeaderValue>> _authorize;

    private TableProvisioner(Uri tableEndpoint, Func<string, Uri, CancellationToken, ValueTask<AuthenticationHeaderValue>> authorize)
    {
        _endpoint = new Uri(tableEndpoint.ToString().TrimEnd('/') + "/");
        _tablesUri = new Uri(_endpoint, "Tables");
        _authorize = authorize;
    }

    public static TableProvisioner WithAccountKey(Uri tableEndpoint, string accountName, string accountKey)
    {
        var key = Convert.FromBase64String(accountKey);
        return new TableProvisioner(tableEndpoint, (date, uri, _) =>
            ValueTask.FromResult(AuthenticationHeaderValue.Parse(SharedKeyLite.Authorization(accountName, key, date, uri))));
    }

    public static TableProvisioner WithToken(Uri tableEndpoint, TokenCredential credential) =>
        new(tableEndpoint, async (_, _, cancellationToken) =>
        {
            var token = await credential.GetTokenAsync(new TokenRequestContext(["https://storage.azure.com/.default"]), cancellationToken);
            return new AuthenticationHeaderValue("Bearer", token.Token);
        });

    /// <summary>Creates the table; true when created, false when it was already there.</summary>
    public async Task<bool> CreateIfNotExistsAsync(string table, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(HttpMethod.Post, _tablesUri, _tablesUri, cancellationToken);
        request.Content = new StringContent($"{{\"TableName\":\"{table}\"}}", Encoding.UTF8, "application/json");
        request.Headers.Add("Prefer", "return-no-content");

        using var response = await Rest.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }

        response.EnsureSuccessStatusCode();
        return true;
    }

    /// <summary>The names of the account's tables ("Query Tables"), following the continuation header.</summary>
    public async IAsyncEnumerable<string> TablesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? next = null;
        do
        {
            var uri = next is null ? _tablesUri : new Uri(_endpoint, $"Tables?NextTableName={Uri.EscapeDataString(next)}");
            using var request = await RequestAsync(HttpMethod.Get, uri, _tablesUri, cancellationToken);
            using var response = await Rest.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            using var document = await System.Text.Json.JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            foreach (var table in document.RootElement.GetProperty("value").EnumerateArray())
            {
                yield return table.GetProperty("TableName").GetString()!;
            }

            next = response.Headers.TryGetValues("x-ms-continuation-NextTableName", out var values) ? values.FirstOrDefault() : null;
        }
        while (next is not null);
    }

    // A Table REST request, dated and authorized for the resource it names (SharedKeyLite signs the path without the query).
    private async Task<HttpRequestMessage> RequestAsync(HttpMethod method, Uri uri, Uri signedResource, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, uri);
        var date = SharedKeyLite.Date(TimeProvider.System);
        request.Headers.Add("x-ms-date", date);
        request.Headers.Add("x-ms-version", "2019-02-02");
        request.Headers.Accept.ParseAdd("application/json;odata=nometadata");
        request.Headers.Authorization = await _authorize(date, signedResource, cancellationToken);
        return request;
    }

    /// <summary>
    /// The row keys of one partition, with one string property, by the Table service's REST query
    /// (the SDK's query path is not Native AOT safe); follows the continuation headers.
    /// </summary>
    public IAsyncEnumerable<(string RowKey, string? Value)> PartitionAsync(string table, string partitionKey, string property, CancellationToken cancellationToken) =>
        PartitionAsync(table, partitionKey, property, afterRowKey: null, pageSize: null, cancellationToken);

    /// <summary>As above, from the first row key after <paramref name="afterRowKey"/> (keyset paging), <paramref name="pageSize"/> rows a request.</summary>
    public async IAsyncEnumerable<(string RowKey, string? Value)> PartitionAsync(string table, string partitionKey, string property, string? afterRowKey, int? pageSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (rowKey, values) in PartitionAsync(table, partitionKey, [property], afterRowKey, pageSize, cancellationToken))
        {
            yield return (rowKey, values[0]);
        }
    }

    /// <summary>As above, with several string properties (null where a row has none), in the order asked.</summary>
    public async IAsyncEnumerable<(string RowKey, string?[] Values)> PartitionAsync(string table, string partitionKey, string[] properties, string? afterRowKey, int? pageSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        static string Quoted(string value) => $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";
        var filter = Uri.EscapeDataString($"PartitionKey eq {Quoted(partitionKey)}" + (afterRowKey is null ? string.Empty : $" and RowKey gt {Quoted(afterRowKey)}"));
        string? nextPartition = null;
        string? nextRow = null;
        do
        {
            var query = $"{table}()?$filter={filter}&$select=RowKey,{string.Join(',', properties)}" + (pageSize is { } top ? $"&$top={top}" : string.Empty);
            if (nextPartition is not null)
            {
                query += $"&NextPartitionKey={Uri.EscapeDataString(nextPartition)}&NextRowKey={Uri.EscapeDataString(nextRow ?? string.Empty)}";
            }

            using var request = await RequestAsync(HttpMethod.Get, new Uri(_endpoint, query), new Uri(_endpoint, $"{table}()"), cancellationToken);
            using var response = await Rest.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            using var document = await System.Text.Json.JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            foreach (var row in document.RootElement.GetProperty("value").EnumerateArray())
            {
                yield return (row.GetProperty("RowKey").GetString()!, Array.ConvertAll(properties, property => row.TryGetProperty(property, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString() : null));
            }

            nextPartition = response.Headers.TryGetValues("x-ms-continuation-NextPartitionKey", out var p) ? p.FirstOrDefault() : null;
            nextRow = response.Headers.TryGetValues("x-ms-continuation-NextRowKey", out var r) ? r.FirstOrDefault() : null;
        }
        while (nextPartition is not null);
    }
}
