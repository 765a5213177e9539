using System.Diagnostics;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Http;

/// <summary>The app as scripts/dev.sh runs it (Development, where the reference page is served), on a socket a browser can reach.</summary>
public sealed class DevelopmentOnSocketFactory : PreDemandeFactory
{
    private readonly int _port = Tools.FreePort();

    public Uri Address => new($"http://127.0.0.1:{_port}");

    protected override string EnvironmentName => "Development";

    protected override int? KestrelPort => _port;

    protected override bool RunsTriggers => false;
}

/// <summary>The reference page as a browser renders it (headless Chromium: scripts/ensure-tools.sh installs it).</summary>
[Trait(Tier.Name, Tier.Http)]
public sealed class ReferencePageTests(DevelopmentOnSocketFactory app) : IClassFixture<DevelopmentOnSocketFactory>
{
    [Fact]
    public async Task The_reference_page_shows_every_group_in_french_and_no_link_to_the_vendor_cloud()
    {
        var start = new ProcessStartInfo("chromium-headless-shell")
        {
            ArgumentList =
            {
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--virtual-time-budget=15000", "--dump-dom", new Uri(app.Address, "/api/reference").ToString(),
            },
        };
        var (exitCode, dom) = await Tools.RunAsync(start, TimeSpan.FromMinutes(2));

        Assert.Equal(0, exitCode);
        foreach (var tag in new[] { "Portail", "Mairie (DR)", "Préfecture (CERT)", "Outils de rendez-vous", "Exploitation", "Azure Communication Services" })
        {
            Assert.Contains(tag, dom, StringComparison.Ordinal);
        }

        foreach (var vendor in new[] { "HealthEndpoints", "Ask AI", "Generate SDK", "Deploy", "Agent Scalar", "api.scalar.com", "Share" })
        {
            Assert.DoesNotContain(vendor, dom, StringComparison.Ordinal);
        }
    }
}
