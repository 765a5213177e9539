using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PreDemande.Functions.Tests.Infrastructure;

/// <summary>
/// A stand-in for Entra ID on loopback: serves the OpenID metadata and the signing keys of a
/// key made for the test run, and issues tokens signed with it (or with a key it does not publish).
/// </summary>
public sealed class TokenIssuer : IAsyncDisposable
{
    public const string Audience = "api://predemande-test";

    private readonly WebApplication _server;
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "test-signing-key" };
    private readonly RsaSecurityKey _unpublished = new(RSA.Create(2048)) { KeyId = "test-signing-key" };

    private TokenIssuer(WebApplication server, string authority)
    {
        _server = server;
        Authority = authority;
    }

    public string Authority { get; }

    public static async Task<TokenIssuer> StartAsync()
    {
        var port = Tools.FreePort();
        var authority = $"http://127.0.0.1:{port}/test-tenant/v2.0";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var server = builder.Build();
        var issuer = new TokenIssuer(server, authority);
        server.MapGet("/test-tenant/v2.0/.well-known/openid-configuration", () => Results.Text(
            $$"""{"issuer":"{{authority}}","jwks_uri":"{{authority}}/keys","authorization_endpoint":"{{authority}}/authorize","token_endpoint":"{{authority}}/token","id_token_signing_alg_values_supported":["RS256"]}""",
            "application/json"));
        server.MapGet("/test-tenant/v2.0/keys", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(issuer._key);
            return Results.Text($$"""{"keys":[{"kty":"RSA","use":"sig","kid":"{{jwk.Kid}}","n":"{{jwk.N}}","e":"{{jwk.E}}"}]}""", "application/json");
        });
        await server.StartAsync();
        return issuer;
    }

    /// <summary>A client-credentials token of <paramref name="application"/> with these app roles.</summary>
    public string Token(string application, string[] roles, string audience = Audience, TimeSpan? lifetime = null, bool signedWithPublishedKey = true)
    {
        var now = DateTime.UtcNow;
        var expires = now + (lifetime ?? TimeSpan.FromMinutes(30));
        var claims = new List<Claim> { new("azp", application), new("sub", application), new("oid", Guid.NewGuid().ToString()) };
        claims.AddRange(roles.Select(r => new Claim("roles", r)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = expires < now ? expires.AddMinutes(-10) : now,
            NotBefore = expires < now ? expires.AddMinutes(-10) : now,
            Expires = expires,
            SigningCredentials = new SigningCredentials(signedWithPublishedKey ? _key : _unpublished, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
    }
}
