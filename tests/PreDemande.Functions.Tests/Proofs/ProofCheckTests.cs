using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PreDemande.Functions.Proofs;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Proofs;

/// <summary>The app (environment Test) with the trust material of a generated test CA stored in its data account.</summary>
public sealed class ProofsFactory : PreDemandeFactory
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private ECDsa? signingKey;

    internal TestAuthority Authority { get; } = new("FR0T");

    // The tests share 2 cores with others: the reading's time bound is not what they check.
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        base.Settings().Append(new("PreDemande:Proofs:MaxScanTime", "00:00:30"));

    /// <summary>The key of the signing certificate FR0T / TST1, stored through the app's own loader on first use.</summary>
    internal async Task<ECDsa> SigningKeyAsync()
    {
        await gate.WaitAsync();
        try
        {
            if (signingKey is null)
            {
                var (certificate, key) = Authority.Issue("TST1");
                await Services.GetRequiredService<TrustLoader>().LoadAsync([Authority.PublicCertificate], [certificate], replace: false, CancellationToken.None);
                signingKey = key;
            }

            return signingKey;
        }
        finally
        {
            gate.Release();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Authority.Dispose();
            signingKey?.Dispose();
            gate.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>A proof of address uploaded through its SAS URL is checked on the scan path, and the outcome shows where the agents read.</summary>
[Trait(Tier.Name, Tier.Http)]
public sealed class ProofCheckTests(ProofsFactory app) : IClassFixture<ProofsFactory>
{
    private static readonly TimeSpan Seconds = TimeSpan.FromSeconds(40);

    private HttpClient Paris => app.ClientWithKey(TestClients.MairieKey);

    /// <summary>The holder and address of <see cref="Forms.AdultPassport"/>, as a bill prints them.</summary>
    private static FieldSpec[] Fields(string postcode = "75011") =>
    [
        new("10", "MME/LOEUVRE/ELODIE"),
        new("22", "12 RUE DE LA ROQUETTE"),
        new("24", postcode),
        new("25", "PARIS"),
        new("26", "FR"),
    ];

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private async Task<string> CodeAsync(FieldSpec[]? fields = null)
    {
        var raw = TestCodes.Build(4, "FR0T", "TST1", "01", fields ?? Fields(), await app.SigningKeyAsync(), Today.AddDays(-20), Today.AddDays(-19));
        return Encoding.ASCII.GetString(raw);
    }

    private async Task<JsonObject> UploadProofAsync(byte[] scan)
    {
        var number = await app.SubmitAsync();
        var documents = (await (await Paris.DepositAsync(number)).JsonAsync()).ByKind();
        Assert.Equal(HttpStatusCode.Created, (await Scans.UploadAsync(documents["proofOfAddress"], scan)).StatusCode);
        var proofs = await Eventually.Async(
            async () => (await (await Paris.GetAsync($"/api/dr/predemandes/{number}")).JsonAsync())["proofs"]?.AsArray(),
            proofs => proofs is { Count: 1 },
            Seconds);
        var proof = proofs![0]!.AsObject();
        Assert.Equal("proofOfAddress", proof["kind"]!.GetValue<string>());
        Assert.Equal(Scans.Sha256(scan), proof["sha256"]!.GetValue<string>());
        return proof["check"]!.AsObject();
    }

    [Fact]
    public async Task A_signed_proof_in_a_jpeg_page_shows_verified_in_the_mairie_lookup_within_seconds()
    {
        using var page = ScanPages.Page(await CodeAsync());

        var check = await UploadProofAsync(ScanPages.Jpeg(page));

        Assert.Equal("verified", check["summary"]!.GetValue<string>());
        Assert.Equal("found", check["reading"]!.GetValue<string>());
        Assert.Equal("valid", check["signature"]!.GetValue<string>());
        Assert.Equal("01", check["documentType"]!.GetValue<string>());
        Assert.Equal("FR0T", check["issuer"]!["caId"]!.GetValue<string>());
        Assert.Equal("TST1", check["issuer"]!["certificateId"]!.GetValue<string>());
        Assert.Equal(Today.AddDays(-20).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), check["issueDate"]!.GetValue<string>());
        Assert.False(check["olderThanOneYear"]!.GetValue<bool>());
        Assert.Equal("applicant", check["comparedWith"]!.GetValue<string>());
        Assert.All(["surname", "givenNames", "streetLine", "postcode", "city"], field => Assert.Equal("matches", check["fields"]![field]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_signed_proof_in_a_pdf_page_shows_verified_in_the_mairie_lookup()
    {
        using var page = ScanPages.Page(await CodeAsync());

        var check = await UploadProofAsync(ScanPages.PdfOfJpeg(ScanPages.Jpeg(page)));

        Assert.Equal("verified", check["summary"]!.GetValue<string>());
        Assert.Equal("valid", check["signature"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_tampered_code_shows_an_invalid_signature_and_unverified()
    {
        var code = await CodeAsync();
        using var page = ScanPages.Page(code.Replace("12 RUE DE LA ROQUETTE", "14 RUE DE LA ROQUETTE", StringComparison.Ordinal));

        var check = await UploadProofAsync(ScanPages.Jpeg(page));

        Assert.Equal("invalid", check["signature"]!.GetValue<string>());
        Assert.Equal("unverified", check["summary"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_postcode_that_differs_from_the_form_shows_differs_and_mismatch()
    {
        using var page = ScanPages.Page(await CodeAsync(Fields(postcode: "75012")));

        var check = await UploadProofAsync(ScanPages.Png(page));

        Assert.Equal("valid", check["signature"]!.GetValue<string>());
        Assert.Equal("differs", check["fields"]!["postcode"]!.GetValue<string>());
        Assert.Equal("matches", check["fields"]!["city"]!.GetValue<string>());
        Assert.Equal("mismatch", check["summary"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_scan_without_a_code_shows_none()
    {
        using var page = ScanPages.Page(null);

        var check = await UploadProofAsync(ScanPages.Jpeg(page));

        Assert.Equal("none", check["summary"]!.GetValue<string>());
        Assert.Equal("noneFound", check["reading"]!.GetValue<string>());
        Assert.Null(check["signature"]);
    }

    [Fact]
    public async Task The_instruction_task_carries_the_proof_summary_and_no_name_or_address()
    {
        using var page = ScanPages.Page(await CodeAsync());
        var number = await app.SubmitReadyAsync();
        var documents = (await (await Paris.DepositAsync(number)).JsonAsync()).ByKind();
        foreach (var (kind, document) in documents)
        {
            var content = kind == "proofOfAddress" ? ScanPages.Jpeg(page) : Scans.Pdf($"{kind} {number}");
            Assert.Equal(HttpStatusCode.Created, (await Scans.UploadAsync(document, content)).StatusCode);
        }

        var task = Assert.Single(await app.TasksAsync("instruction-75", number));

        Assert.Equal("verified", task["proofOfAddress"]!.GetValue<string>());
        var json = task.ToJsonString();
        Assert.All(["LOEUVRE", "LŒUVRE", "ROQUETTE", "75011", "FR0T", "signature", "fields"], word => Assert.DoesNotContain(word, json, StringComparison.OrdinalIgnoreCase));
        var read = await (await app.ClientWithKey(TestClients.PrefectureKey).GetAsync($"/api/prefecture/predemandes/{number}")).JsonAsync();
        var proof = read["documents"]!.AsArray().Single(d => d!["kind"]!.GetValue<string>() == "proofOfAddress")!["proof"]!;
        Assert.Equal("verified", proof["summary"]!.GetValue<string>());
        Assert.Equal("matches", proof["fields"]!["streetLine"]!.GetValue<string>());
    }
}
