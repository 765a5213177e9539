using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using PreDemande.Core.Forms;
using PreDemande.Core.Proofs;
using PreDemande.Functions.Proofs;
using PreDemande.Functions.Tests.Proofs;

/// <summary>
/// The check of a scanned proof of address end to end, as the scan path does it: find and decode
/// the DataMatrix codes (<see cref="ScanCodeReader"/>), parse, verify against a trust list, compare
/// with the form (<see cref="ProofChecks"/>). An A4 page at 300 dpi (2480 x 3508) with a signed
/// 2D-Doc, as a JPEG and as a PDF holding that JPEG. Median, p95 and the peak extra memory of the
/// process (working set sampled every 2 ms, above its level after a full GC before the runs).
/// </summary>
internal static class ProofBench
{
    public static void Run(int runs)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=FR0B, O=Bench authority, C=FR", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-5), DateTimeOffset.UtcNow.AddYears(5));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=BEN1, O=Bench issuer, C=FR", key, HashAlgorithmName.SHA256);
        using var signing = request.Create(ca, DateTimeOffset.UtcNow.AddYears(-1), DateTimeOffset.UtcNow.AddYears(1), [1, 2, 3, 4]);
        var trust = new TrustList([X509CertificateLoader.LoadCertificate(ca.RawData)]);
        if (trust.Add("FR0B", "BEN1", signing.RawData) != TrustListAddResult.Added)
        {
            throw new InvalidOperationException("The bench certificate is not trusted.");
        }

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var day = (today.AddDays(-20).DayNumber - TwoDDocHeader.Epoch.DayNumber).ToString("X4", System.Globalization.CultureInfo.InvariantCulture);
        var signed = $"DC04FR0BBEN1{day}{day}0101FR10MME/LOEUVRE/ELODIE\u001D2212 RUE DE LA ROQUETTE\u001D247501125PARIS\u001D26FR";
        var signature = key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var code = signed + "\u001F" + Base32.Encode(signature);
        var form = new PreApplicationForm
        {
            Applicant = new Applicant { Surname = "LŒUVRE", GivenNames = ["ÉLODIE"], BirthDate = "1990-01-01" },
            Address = new Address { Line1 = "12 rue de la Roquette", Postcode = "75011", City = "Paris" },
        };

        byte[] jpeg;
        using (var page = ScanPages.Page(code))
        {
            jpeg = ScanPages.Jpeg(page);
        }

        var pdf = ScanPages.PdfOfJpeg(jpeg);
        var limits = new ScanReadLimits(MaxTime: TimeSpan.FromSeconds(5));
        Console.WriteLine($"proof of address check, A4 300 dpi ({ScanPages.A4Width} x {ScanPages.A4Height}), read + parse + verify + compare, {runs} runs each, one thread; targets: median < 1 s, p95 < 2 s, < 200 MB extra");
        foreach (var (label, content) in new[] { ("JPEG", jpeg), ("PDF (JPEG page)", pdf) })
        {
            for (var warm = 0; warm < 2; warm++)
            {
                Check(content, limits, trust, form, today);
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            var baseline = process.WorkingSet64;
            long peak = baseline;
            using var stop = new CancellationTokenSource();
            var sampler = Task.Run(() =>
            {
                using var sampled = Process.GetCurrentProcess();
                while (!stop.IsCancellationRequested)
                {
                    sampled.Refresh();
                    peak = Math.Max(peak, sampled.WorkingSet64);
                    Thread.Sleep(2);
                }
            });
            var times = new double[runs];
            for (var run = 0; run < runs; run++)
            {
                var clock = Stopwatch.StartNew();
                var check = Check(content, limits, trust, form, today);
                times[run] = clock.Elapsed.TotalMilliseconds;
                if (check.Summary != ProofSummary.Verified)
                {
                    throw new InvalidOperationException($"The bench proof was not verified: {check.Summary} ({check.Reading}).");
                }
            }

            stop.Cancel();
            sampler.Wait();
            Array.Sort(times);
            Console.WriteLine($"  {label,-16} {content.Length / 1024,6} KiB   median {Percentile(times, 0.5),6:F0} ms   p95 {Percentile(times, 0.95),6:F0} ms   max {times[^1],6:F0} ms   peak extra memory {(peak - baseline) / (1024.0 * 1024):F0} MB");
        }
    }

    private static ProofCheck Check(byte[] content, ScanReadLimits limits, TrustList trust, PreApplicationForm form, DateOnly today)
    {
        var scan = ScanCodeReader.Read(content, limits);
        return ProofChecks.Check(scan.Reading, scan.Codes, trust, allowTestIds: false, form, today);
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
