using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using PreDemande.Core.Proofs;

namespace PreDemande.Functions.Tests.Proofs;

/// <summary>A field to write: its identifier, value, and whether it ends with RS (truncated).</summary>
internal sealed record FieldSpec(string Id, string Value, bool Truncated = false);

/// <summary>Writes 2D-Doc codes as an issuer would, and a test PKI to sign them.</summary>
internal static class TestCodes
{
    public static readonly DateOnly Issued = new(2024, 3, 5);

    public static readonly DateOnly Signed = new(2024, 3, 11);

    /// <summary>Replaces the written forms &lt;GS&gt;, &lt;RS&gt;, &lt;US&gt; by the control characters.</summary>
    public static string Separators(string text) =>
        text.Replace("<GS>", "\u001D", StringComparison.Ordinal).Replace("<RS>", "\u001E", StringComparison.Ordinal).Replace("<US>", "\u001F", StringComparison.Ordinal);

    public static string Header(int version, string caId, string certificateId, DateOnly? issued, DateOnly? signed, string type, string perimeter = "01", string country = "FR")
    {
        var header = $"DC{version:00}{caId}{certificateId}{Hex(issued)}{Hex(signed)}{type}";
        return version switch
        {
            3 => header + perimeter,
            4 => header + perimeter + country,
            _ => header,
        };
    }

    public static string Hex(DateOnly? date) =>
        date is { } d ? (d.DayNumber - TwoDDocHeader.Epoch.DayNumber).ToString("X4", System.Globalization.CultureInfo.InvariantCulture) : "FFFF";

    /// <summary>The message as the specification lays it out (§3.4.1): GS after a variable field short of its maximum, unless it is the last; RS after a truncated one.</summary>
    public static string Message(IReadOnlyList<FieldSpec> fields)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            Assert.True(DataIdentifiers.TryGet(field.Id, out var identifier));
            builder.Append(field.Id).Append(field.Value);
            if (field.Truncated)
            {
                builder.Append('\u001E');
            }
            else if (!identifier.IsFixedLength && i < fields.Count - 1 && field.Value.Length < (identifier.MaxLength ?? int.MaxValue))
            {
                builder.Append('\u001D');
            }
        }

        return builder.ToString();
    }

    /// <summary>Signs header + message and appends the signature: v01 raw bytes, v02+ US and Base32.</summary>
    public static byte[] Sign(string signedText, ECDsa key, string? annex = null)
    {
        var data = Encoding.ASCII.GetBytes(signedText);
        var hash = key.KeySize switch { 256 => HashAlgorithmName.SHA256, 384 => HashAlgorithmName.SHA384, _ => HashAlgorithmName.SHA512 };
        var signature = key.SignData(data, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        if (signedText.StartsWith("DC01", StringComparison.Ordinal))
        {
            return [.. data, .. signature];
        }

        var tail = "\u001F" + Base32.Encode(signature) + (annex is null ? string.Empty : "\u001D" + annex);
        return [.. data, .. Encoding.ASCII.GetBytes(tail)];
    }

    public static byte[] Build(int version, string caId, string certificateId, string type, IReadOnlyList<FieldSpec> fields, ECDsa key, DateOnly? issued = null, DateOnly? signed = null) =>
        Sign(Header(version, caId, certificateId, issued ?? Issued, signed ?? Signed, type) + Message(fields), key);

    /// <summary>A proof of address with the holder and address of the specification's v03 type 00 sample.</summary>
    public static readonly FieldSpec[] Address =
    [
        new("10", "MLLE/SAMPLE/ANGELA"),
        new("20", string.Empty),
        new("21", "BAT 2 ETG 3"),
        new("22", "7 PLACE DES SPECIMENS"),
        new("23", string.Empty),
        new("24", "57000"),
        new("25", "METZ"),
        new("26", "FR"),
    ];

    public static TwoDDocCode Parse(byte[] raw)
    {
        Assert.True(TwoDDoc.TryParse(raw, out var code, out var error), error?.ToString());
        return code;
    }
}

/// <summary>A certification authority and its signing certificates, generated for a test.</summary>
internal sealed class TestAuthority : IDisposable
{
    private readonly ECDsa caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestAuthority(string caId = "FR0T")
    {
        CaId = caId;
        var request = new CertificateRequest($"CN={caId}, O=Test authority, C=FR", caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Certificate = request.CreateSelfSigned(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2060, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    public string CaId { get; }

    /// <summary>The CA certificate, public part only.</summary>
    public X509Certificate2 Certificate { get; }

    public X509Certificate2 PublicCertificate => X509CertificateLoader.LoadCertificate(Certificate.RawData);

    /// <summary>A signing certificate "CN={certificateId}" issued by this authority, with its private key.</summary>
    public (X509Certificate2 Certificate, ECDsa Key) Issue(string certificateId, ECCurve? curve = null, DateOnly? from = null, DateOnly? until = null)
    {
        var key = ECDsa.Create(curve ?? ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={certificateId}, O=Test issuer, C=FR", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var notBefore = new DateTimeOffset((from ?? new DateOnly(2020, 1, 1)).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var notAfter = new DateTimeOffset((until ?? new DateOnly(2030, 1, 1)).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
        var serial = RandomNumberGenerator.GetBytes(8);
        using var signer = X509CertificateLoader.LoadCertificate(Certificate.RawData).CopyWithPrivateKey(caKey);
        var certificate = request.Create(signer, notBefore, notAfter, serial);
        return (X509CertificateLoader.LoadCertificate(certificate.RawData), key);
    }

    /// <summary>A trust list whose only CA is this authority.</summary>
    public TrustList TrustList() => new([PublicCertificate]);

    public void Dispose()
    {
        caKey.Dispose();
        Certificate.Dispose();
    }
}
