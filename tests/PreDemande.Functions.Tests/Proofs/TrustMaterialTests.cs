using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PreDemande.Core.Proofs;
using PreDemande.Functions.Proofs;
using PreDemande.Functions.Storage;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Proofs;

/// <summary>The app without the stand-in host: the trust material only.</summary>
public sealed class TrustFactory : PreDemandeFactory
{
    protected override bool RunsTriggers => false;
}

/// <summary>The 2D-Doc trust material as data: the operator's command stores it, the store reads it, Development alone pins the specification's certificate.</summary>
[Trait(Tier.Name, Tier.System)]
public sealed class TrustMaterialTests(TrustFactory app) : IClassFixture<TrustFactory>
{
    private TrustStore Store(string environment) => new(
        app.Services.GetRequiredService<StorageClients>(),
        new HostingEnvironment { EnvironmentName = environment },
        Options.Create(new ProofOptions()),
        TimeProvider.System,
        NullLogger<TrustStore>.Instance);

    private static string Temporary(byte[] content, string extension)
    {
        var path = Path.Combine(Path.GetTempPath(), $"predemande-trust-{Guid.NewGuid():N}{extension}");
        File.WriteAllBytes(path, content);
        return path;
    }

    [Fact]
    public async Task The_operator_command_stores_a_ca_and_its_signing_certificate_which_the_store_then_trusts()
    {
        using var authority = new TestAuthority("FR0U");
        var (certificate, key) = authority.Issue("OPS1");
        key.Dispose();
        var caFile = Temporary(System.Text.Encoding.ASCII.GetBytes(authority.PublicCertificate.ExportCertificatePem()), ".pem");
        var certificateFile = Temporary(certificate.RawData, ".der");

        var (exit, output) = await AppProcess.RunAsync(
            new Dictionary<string, string> { ["AzureWebJobsStorage"] = app.Azurite.ConnectionString },
            "load-2ddoc-trust", "--ca", caFile, "--cert", certificateFile);

        Assert.True(exit == 0, output);
        Assert.Contains("CA FR0U stored", output, StringComparison.Ordinal);
        Assert.Contains("certificate FR0U/OPS1 stored", output, StringComparison.Ordinal);
        var names = await app.BlobNamesAsync("trust", "2ddoc/");
        Assert.Contains("2ddoc/ca/FR0U.der", names);
        Assert.Contains("2ddoc/FR0U/OPS1.der", names);
        var trusted = (await Store("Production").GetAsync(CancellationToken.None)).Find("FR0U", "OPS1");
        Assert.NotNull(trusted);
        Assert.Equal(certificate.Thumbprint, trusted.Certificate.Thumbprint);
    }

    [Fact]
    public async Task The_operator_command_refuses_a_certificate_that_chains_to_no_stored_ca()
    {
        using var stranger = new TestAuthority("FR0V");
        var (certificate, key) = stranger.Issue("OPS2");
        key.Dispose();

        var (exit, output) = await AppProcess.RunAsync(
            new Dictionary<string, string> { ["AzureWebJobsStorage"] = app.Azurite.ConnectionString },
            "load-2ddoc-trust", "--cert", Temporary(certificate.RawData, ".der"));

        Assert.Equal(3, exit);
        Assert.Contains("refused FR0V/OPS2: NotChained", output, StringComparison.Ordinal);
        Assert.DoesNotContain("2ddoc/FR0V/OPS2.der", await app.BlobNamesAsync("trust", "2ddoc/"));
    }

    [Fact]
    public async Task A_replacing_load_removes_the_certificates_no_longer_published()
    {
        using var authority = new TestAuthority("FR0W");
        var (kept, keptKey) = authority.Issue("KEEP");
        var (withdrawn, withdrawnKey) = authority.Issue("GONE");
        keptKey.Dispose();
        withdrawnKey.Dispose();
        var loader = app.Services.GetRequiredService<TrustLoader>();
        await loader.LoadAsync([authority.PublicCertificate], [kept, withdrawn], replace: false, CancellationToken.None);

        var result = await loader.LoadAsync([authority.PublicCertificate], [kept], replace: true, CancellationToken.None);

        Assert.Contains("2ddoc/FR0W/GONE.der", result.Removed);
        var list = await Store("Production").GetAsync(CancellationToken.None);
        Assert.NotNull(list.Find("FR0W", "KEEP"));
        Assert.Null(list.Find("FR0W", "GONE"));
    }

    [Fact]
    public async Task Development_alone_pins_the_specification_test_certificate_and_allows_test_ids()
    {
        var development = Store("Development");
        var production = Store("Production");

        Assert.NotNull((await development.GetAsync(CancellationToken.None)).Find("FR00", "0001"));
        Assert.True(development.AllowsTestIds);
        Assert.Null((await production.GetAsync(CancellationToken.None)).Find("FR00", "0001"));
        Assert.False(production.AllowsTestIds);
    }

    [Fact]
    public void A_trust_list_gives_the_ca_certificates_of_its_services_but_not_the_certificate_of_its_own_signature()
    {
        using var authority = new TestAuthority("FR0X");
        using var signer = new TestAuthority("ANTS");
        var xml = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <tsl:TrustServiceStatusList xmlns:tsl="http://uri.etsi.org/02231/v2#" xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
              <tsl:TrustServiceProviderList><tsl:TrustServiceProvider><tsl:TSPServices><tsl:TSPService><tsl:ServiceInformation>
                <tsl:ServiceDigitalIdentity><tsl:DigitalId><tsl:X509Certificate>{Convert.ToBase64String(authority.PublicCertificate.RawData)}</tsl:X509Certificate></tsl:DigitalId></tsl:ServiceDigitalIdentity>
              </tsl:ServiceInformation></tsl:TSPService></tsl:TSPServices></tsl:TrustServiceProvider></tsl:TrustServiceProviderList>
              <ds:Signature><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{Convert.ToBase64String(signer.PublicCertificate.RawData)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>
            </tsl:TrustServiceStatusList>
            """;

        var certificates = TrustSources.Certificates(System.Text.Encoding.UTF8.GetBytes(xml));

        var only = Assert.Single(certificates);
        Assert.Equal("FR0X", only.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
    }
}
