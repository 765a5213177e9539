using System.Security.Cryptography.X509Certificates;
using System.Xml;

namespace PreDemande.Functions.Proofs;

/// <summary>
/// Reads trust material from a file or an http(s) URL (at most <see cref="MaxBytes"/>), and the
/// certificates in it: DER, PEM (one or more), or the CA certificates of an ETSI TS 102 231 trust
/// list (the <c>X509Certificate</c> elements of its services; the list's own XML signature is
/// not checked: see docs/operations.md).
/// </summary>
public sealed class TrustSources : IDisposable
{
    public const int MaxBytes = 10 * 1024 * 1024;

    private const string XmlDsig = "http://www.w3.org/2000/09/xmldsig#";

    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30), MaxResponseContentBufferSize = MaxBytes };

    public async Task<byte[]> ReadAsync(string fileOrUrl, CancellationToken cancellationToken)
    {
        if (Uri.TryCreate(fileOrUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            return await http.GetByteArrayAsync(uri, cancellationToken);
        }

        var file = new FileInfo(fileOrUrl);
        if (!file.Exists)
        {
            throw new ArgumentException($"{fileOrUrl}: no such file, and not an http(s) URL.");
        }

        if (file.Length > MaxBytes)
        {
            throw new ArgumentException($"{fileOrUrl}: larger than {MaxBytes} bytes.");
        }

        return await File.ReadAllBytesAsync(file.FullName, cancellationToken);
    }

    /// <summary>The certificates in the bytes: a trust list's CA certificates, every certificate of a PEM file, or one DER certificate.</summary>
    public static List<X509Certificate2> Certificates(byte[] content)
    {
        var text = content.AsSpan().TrimStart("\uFEFF"u8).TrimStart(" \t\r\n"u8);
        if (text.StartsWith("<"u8))
        {
            return [.. TrustListCertificates(content)];
        }

        if (text.IndexOf("-----BEGIN CERTIFICATE-----"u8) >= 0)
        {
            var collection = new X509Certificate2Collection();
            collection.ImportFromPem(System.Text.Encoding.ASCII.GetString(content));
            return [.. collection];
        }

        return Core.Proofs.TrustList.LoadCertificate(content) is { } certificate ? [certificate] : [];
    }

    /// <summary>The <c>X509Certificate</c> elements of a trust list, but those of its own signature.</summary>
    public static IEnumerable<X509Certificate2> TrustListCertificates(byte[] xml)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxBytes };
        using var reader = XmlReader.Create(new MemoryStream(xml), settings);
        var found = new List<X509Certificate2>();
        reader.MoveToContent();
        while (!reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Signature" && reader.NamespaceURI == XmlDsig)
            {
                reader.Skip();
            }
            else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "X509Certificate" && reader.NamespaceURI != XmlDsig)
            {
                var base64 = reader.ReadElementContentAsString();
                try
                {
                    found.Add(X509CertificateLoader.LoadCertificate(Convert.FromBase64String(base64.Trim())));
                }
                catch (Exception exception) when (exception is FormatException or System.Security.Cryptography.CryptographicException)
                {
                    // Not a certificate: left out, as an unreadable file would be.
                }
            }
            else
            {
                reader.Read();
            }
        }

        return found;
    }

    public void Dispose() => http.Dispose();
}
