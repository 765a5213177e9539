using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Client.Tests;

/// <summary>
/// The generated client as an integrator builds it: Kiota's default middleware (retry on 429 and
/// 503, redirects, headers inspection…) in front of an HttpClient, here ending at the app in memory,
/// and the role's API key added to each request by an <see cref="IAuthenticationProvider"/>.
/// </summary>
public static class GeneratedClients
{
    public static PreDemandeClient GeneratedClient(this PreDemandeFactory app, string key, string header = "X-Api-Key")
    {
        var http = app.CreateDefaultClient([.. KiotaClientFactory.CreateDefaultHandlers()]);
        var adapter = new HttpClientRequestAdapter(new ApiKeyHeader(header, key), httpClient: http)
        {
            BaseUrl = http.BaseAddress!.ToString().TrimEnd('/'),
        };
        return new PreDemandeClient(adapter);
    }

    /// <summary>The key in a header, on http as on https (Kiota's own API-key provider refuses http).</summary>
    private sealed class ApiKeyHeader(string header, string key) : IAuthenticationProvider
    {
        public Task AuthenticateRequestAsync(RequestInformation request, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
        {
            request.Headers.Add(header, key);
            return Task.CompletedTask;
        }
    }
}
