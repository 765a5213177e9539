using System.Security.Cryptography;
using System.Text;
using PreDemande.Core.Proofs;

using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Proofs;

[Trait(Tier.Name, Tier.Fast)]
public sealed class TwoDDocParsingTests : IDisposable
{
    private readonly ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose() => key.Dispose();

    [Theory]
    [InlineData(1, 22)]
    [InlineData(2, 22)]
    [InlineData(3, 24)]
    [InlineData(4, 26)]
    public void Each_header_version_is_read_with_its_own_length(int version, int headerLength)
    {
        var code = TestCodes.Parse(TestCodes.Build(version, "FR0T", "A012", "01", TestCodes.Address, key));

        Assert.Equal(version, code.Header.Version);
        Assert.Equal(headerLength, TwoDDocHeader.LengthOf(version));
        Assert.Equal("FR0T", code.Header.CaId);
        Assert.Equal("A012", code.Header.CertificateId);
        Assert.Equal(TestCodes.Issued, code.Header.IssueDate);
        Assert.Equal(TestCodes.Signed, code.Header.SignatureDate);
        Assert.Equal(version >= 3 ? "01" : null, code.Header.Perimeter);
        Assert.Equal(version == 4 ? "FR" : null, code.Header.Country);
        Assert.Equal("7 PLACE DES SPECIMENS", code.Field("22")?.Value);
        Assert.Equal(64, code.Signature.Length);
    }

    [Theory]
    [InlineData("00")]
    [InlineData("01")]
    [InlineData("02")]
    public void Document_types_00_01_and_02_are_proofs_of_address(string type)
    {
        var code = TestCodes.Parse(TestCodes.Build(4, "FR0T", "A012", type, TestCodes.Address, key));

        Assert.Equal(type, code.Header.DocumentType);
        Assert.True(code.Header.IsProofOfAddress);
    }

    [Fact]
    public void A_bank_statement_type_is_not_a_proof_of_address()
    {
        var code = TestCodes.Parse(TestCodes.Build(4, "FR0T", "A012", "03", [new("30", "M DUPONT JEAN"), new("31", "FR7630001007941234567890185")], key));

        Assert.False(code.Header.IsProofOfAddress);
    }

    [Fact]
    public void The_specification_header_example_reads_as_5_and_11_March_2010()
    {
        var raw = TestCodes.Sign("DC04FR0AXT4A0E840E8A0101FR" + "2435000", key);

        var code = TestCodes.Parse(raw);

        Assert.Equal(new DateOnly(2010, 3, 5), code.Header.IssueDate);
        Assert.Equal(new DateOnly(2010, 3, 11), code.Header.SignatureDate);
        Assert.Equal("FR0A", code.Header.CaId);
        Assert.Equal("XT4A", code.Header.CertificateId);
    }

    [Fact]
    public void An_undated_document_has_FFFF_as_issue_date()
    {
        var raw = TestCodes.Sign(TestCodes.Header(3, "FR0T", "A012", null, TestCodes.Signed, "03") + "30M DUPONT", key);

        var code = TestCodes.Parse(raw);

        Assert.Null(code.Header.IssueDate);
        Assert.Equal(TestCodes.Signed, code.Header.SignatureDate);
    }

    [Fact]
    public void A_field_ending_with_RS_is_marked_truncated()
    {
        var fields = new FieldSpec[] { new("10", "M/DUPONT/JEAN"), new("22", "12 RUE DU MARECHAL", Truncated: true), new("24", "75001") };

        var code = TestCodes.Parse(TestCodes.Build(4, "FR0T", "A012", "01", fields, key));

        Assert.Equal(new TwoDDocField("22", "12 RUE DU MARECHAL", true), code.Field("22"));
        Assert.Equal("75001", code.Field("24")?.Value);
        Assert.False(code.Field("10")!.Truncated);
    }

    [Fact]
    public void A_truncated_last_field_still_ends_with_RS()
    {
        var code = TestCodes.Parse(TestCodes.Build(4, "FR0T", "A012", "01", [new("24", "75001"), new("25", "PARIS", Truncated: true)], key));

        Assert.True(code.Field("25")!.Truncated);
    }

    [Fact]
    public void A_fixed_length_field_is_followed_directly_by_the_next_identifier()
    {
        var raw = TestCodes.Sign(TestCodes.Header(4, "FR0T", "A012", TestCodes.Issued, TestCodes.Signed, "01") + "2457000" + "26FR" + "25METZ", key);

        var code = TestCodes.Parse(raw);

        Assert.Equal(["24", "26", "25"], code.Fields.Select(f => f.Id));
        Assert.Equal("57000", code.Field("24")?.Value);
    }

    [Fact]
    public void A_variable_field_at_its_maximum_length_needs_no_separator()
    {
        var street = "1234 " + new string('A', 33);
        var raw = TestCodes.Sign(TestCodes.Header(4, "FR0T", "A012", TestCodes.Issued, TestCodes.Signed, "01") + "22" + street + "2457000", key);

        var code = TestCodes.Parse(raw);

        Assert.Equal(38, code.Field("22")!.Value.Length);
        Assert.Equal("57000", code.Field("24")?.Value);
    }

    [Fact]
    public void A_separator_before_US_after_the_last_field_is_allowed()
    {
        var raw = TestCodes.Sign(TestCodes.Header(2, "FR0T", "A012", TestCodes.Issued, TestCodes.Signed, "01") + "2457000\u001D25METZ\u001D", key);

        var code = TestCodes.Parse(raw);

        Assert.Equal("METZ", code.Field("25")?.Value);
        Assert.Equal(2, code.Fields.Count);
    }

    [Fact]
    public void An_unknown_data_identifier_stops_reading_with_unsupported_field()
    {
        var raw = TestCodes.Sign(TestCodes.Header(4, "FR0T", "A012", TestCodes.Issued, TestCodes.Signed, "01") + "2457000" + "ZZSOMETHING", key);

        Assert.False(TwoDDoc.TryParse(raw, out _, out var error));
        Assert.Equal(TwoDDocErrorKind.UnsupportedField, error.Kind);
        Assert.Equal("ZZ", error.DataIdentifier);
        Assert.Equal(26 + 7, error.Position);
    }

    [Fact]
    public void A_fixed_length_field_marked_truncated_is_malformed()
    {
        var raw = TestCodes.Sign(TestCodes.Header(4, "FR0T", "A012", TestCodes.Issued, TestCodes.Signed, "01") + "2457000\u001E", key);

        Assert.False(TwoDDoc.TryParse(raw, out _, out var error));
        Assert.Equal(TwoDDocErrorKind.MalformedField, error.Kind);
        Assert.Equal("24", error.DataIdentifier);
    }

    [Fact]
    public void A_fixed_length_field_cut_short_is_malformed()
    {
        var raw = TestCodes.Sign(TestCodes.Header(4, "FR0T", "A012", TestCodes.Issued, TestCodes.Signed, "01") + "24570", key);

        Assert.False(TwoDDoc.TryParse(raw, out _, out var error));
        Assert.Equal(TwoDDocErrorKind.MalformedField, error.Kind);
    }

    [Fact]
    public void A_code_without_US_has_no_signature()
    {
        var raw = Encoding.ASCII.GetBytes(TestCodes.Header(2, "FR0T", "A012", TestCodes.Issued, TestCodes.Signed, "01") + "2457000");

        Assert.False(TwoDDoc.TryParse(raw, out _, out var error));
        Assert.Equal(TwoDDocErrorKind.MissingSignature, error.Kind);
    }

    [Fact]
    public void A_signature_that_is_not_Base32_is_malformed()
    {
        var raw = Encoding.ASCII.GetBytes(TestCodes.Header(2, "FR0T", "A012", TestCodes.Issued, TestCodes.Signed, "01") + "2457000\u001Fnot-base32");

        Assert.False(TwoDDoc.TryParse(raw, out _, out var error));
        Assert.Equal(TwoDDocErrorKind.MalformedSignature, error.Kind);
    }

    [Fact]
    public void A_v04_annex_after_the_signature_is_read_apart_and_not_signed()
    {
        var signedText = TestCodes.Header(4, "FR0T", "A012", TestCodes.Issued, TestCodes.Signed, "01") + TestCodes.Message(TestCodes.Address);
        var raw = TestCodes.Sign(signedText, key, annex: "18FACTURE123\u001D19CLIENT9");

        var code = TestCodes.Parse(raw);

        Assert.Equal([new TwoDDocField("18", "FACTURE123", false), new TwoDDocField("19", "CLIENT9", false)], code.Annex);
        Assert.Null(code.Field("18"));
        Assert.Equal(Encoding.ASCII.GetBytes(signedText), code.SignedData.ToArray());
        Assert.Equal(64, code.Signature.Length);
    }

    [Fact]
    public void An_unreadable_annex_leaves_the_signed_part_usable()
    {
        var signedText = TestCodes.Header(4, "FR0T", "A012", TestCodes.Issued, TestCodes.Signed, "01") + "2457000";
        var raw = TestCodes.Sign(signedText, key, annex: "??garbage");

        var code = TestCodes.Parse(raw);

        Assert.Empty(code.Annex);
        Assert.Equal("57000", code.Field("24")?.Value);
    }

    [Fact]
    public void A_v01_code_is_split_at_the_length_of_a_P384_signature()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        var code = TestCodes.Parse(TestCodes.Build(1, "FR0T", "A012", "01", TestCodes.Address, p384));

        Assert.Equal(96, code.Signature.Length);
        Assert.Equal("FR", code.Field("26")?.Value);
    }

    [Fact]
    public void Text_from_a_decoder_is_read_with_its_characters_as_bytes()
    {
        var raw = TestCodes.Build(1, "FR0T", "A012", "01", TestCodes.Address, key);
        var text = Encoding.Latin1.GetString(raw);

        Assert.True(TwoDDoc.TryParse(text, out var code, out _));
        Assert.Equal(raw[^64..], code.Signature.ToArray());
    }

    [Fact]
    public void A_binary_2D_Doc_is_refused_as_unsupported()
    {
        Assert.False(TwoDDoc.TryParse([0xDC, 0x04, 0x7B, 0xA7], out _, out var error));
        Assert.Equal(TwoDDocErrorKind.UnsupportedFormat, error.Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("https://example.org/")]
    [InlineData("AB12CD34EF")]
    public void Text_that_is_not_a_2D_Doc_is_refused(string text)
    {
        Assert.False(TwoDDoc.TryParse(text, out _, out var error));
        Assert.Contains(error.Kind, new[] { TwoDDocErrorKind.Empty, TwoDDocErrorKind.NotTwoDDoc });
    }

    [Fact]
    public void Version_05_is_refused()
    {
        Assert.False(TwoDDoc.TryParse("DC05FR0TA0120E840E8A0101FR2457000\u001FAAAA", out _, out var error));
        Assert.Equal(TwoDDocErrorKind.UnsupportedVersion, error.Kind);
    }

    [Fact]
    public void A_perimeter_other_than_01_is_refused()
    {
        var raw = TestCodes.Sign(TestCodes.Header(4, "FR0T", "A012", TestCodes.Issued, TestCodes.Signed, "01", perimeter: "02") + "2457000", key);

        Assert.False(TwoDDoc.TryParse(raw, out _, out var error));
        Assert.Equal(TwoDDocErrorKind.UnsupportedPerimeter, error.Kind);
    }

    [Fact]
    public void A_lower_case_header_is_malformed()
    {
        var raw = TestCodes.Sign("DC04fr0tA0120E840E8A0101FR2457000", key);

        Assert.False(TwoDDoc.TryParse(raw, out _, out var error));
        Assert.Equal(TwoDDocErrorKind.MalformedHeader, error.Kind);
    }

    [Fact]
    public void The_identifier_table_holds_the_337_identifiers_of_perimeter_01_with_the_address_lengths()
    {
        Assert.Equal(337, DataIdentifiers.All.Count);
        Assert.Equal(DataIdentifiers.All.Count, DataIdentifiers.All.Select(d => d.Id).Distinct().Count());
        Assert.Equal((0, (int?)38), Bounds("10"));
        Assert.Equal((0, (int?)38), Bounds("13"));
        Assert.Equal((0, (int?)38), Bounds("22"));
        Assert.Equal((5, (int?)5), Bounds("24"));
        Assert.Equal((0, (int?)32), Bounds("25"));
        Assert.Equal((2, (int?)2), Bounds("26"));
        Assert.Equal((0, (int?)null), Bounds("18"));
        Assert.True(DataIdentifiers.All.Single(d => d.Id == "24").IsFixedLength);
        Assert.False(DataIdentifiers.All.Single(d => d.Id == "10").IsFixedLength);

        static (int, int?) Bounds(string id) => DataIdentifiers.TryGet(id, out var d) ? (d.MinLength, d.MaxLength) : default;
    }

    [Theory]
    [InlineData(new byte[] { }, "")]
    [InlineData(new byte[] { 0x66 }, "MY")]
    [InlineData(new byte[] { 0x66, 0x6F, 0x6F, 0x62, 0x61, 0x72 }, "MZXW6YTBOI")]
    public void Base32_follows_RFC_4648_without_padding(byte[] bytes, string text)
    {
        Assert.Equal(text, Base32.Encode(bytes));
        Assert.True(Base32.TryDecode(Encoding.ASCII.GetBytes(text), out var decoded));
        Assert.Equal(bytes, decoded);
        Assert.True(Base32.TryDecode(Encoding.ASCII.GetBytes(text + "======"), out var padded));
        Assert.Equal(bytes, padded);
    }
}
