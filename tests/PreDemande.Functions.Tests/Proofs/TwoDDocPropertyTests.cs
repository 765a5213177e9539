using System.Security.Cryptography;
using CsCheck;
using PreDemande.Core.Proofs;

using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Proofs;

[Trait(Tier.Name, Tier.Fast)]
public sealed class TwoDDocPropertyTests
{
    private static readonly string[] AddressIds = ["10", "11", "12", "13", "20", "21", "22", "23", "24", "25", "26", "18", "1D", "1G"];

    private static Gen<FieldSpec> Field(string id)
    {
        DataIdentifiers.TryGet(id, out var identifier);
        var chars = id switch
        {
            "24" or "1D" or "1G" => "0123456789",
            "26" => "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            _ => "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 /",
        };
        var min = identifier!.MinLength;
        var max = Math.Min(identifier.MaxLength ?? 60, 60);
        return Gen.Select(Gen.Char[chars].Array[min, max], Gen.Bool, (value, truncated) =>
            new FieldSpec(id, new string(value), truncated && !identifier.IsFixedLength));
    }

    private static readonly Gen<DateOnly?> Date = Gen.Frequency(
        (1, Gen.Const((DateOnly?)null)),
        (5, Gen.Int[0, 0xFFFE].Select(days => (DateOnly?)TwoDDocHeader.Epoch.AddDays(days))));

    private static readonly Gen<(int Version, string Type, DateOnly? Issued, DateOnly? Signed, FieldSpec[] Fields, bool GsBeforeUs)> Codes =
        Gen.Select(
            Gen.Int[1, 4],
            Gen.OneOf("00", "01", "02"),
            Date,
            Date,
            Gen.OneOf(AddressIds.Select(Field).ToArray()).Array[0, 10],
            Gen.Bool,
            (version, type, issued, signed, fields, gs) => (version, type, issued, signed, fields, gs));

    [Fact]
    public void Any_code_built_then_parsed_round_trips_its_header_and_fields()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var authority = new TestAuthority("FR0T");
        var (certificate, signingKey) = authority.Issue("A012", from: new DateOnly(2000, 1, 1), until: new DateOnly(2059, 12, 31));

        Codes.Sample(c =>
        {
            var text = TestCodes.Header(c.Version, "FR0T", "A012", c.Issued, c.Signed, c.Type) + TestCodes.Message(c.Fields)
                + (c.GsBeforeUs && c.Version > 1 && c.Fields.Length > 0 && !c.Fields[^1].Truncated ? "\u001D" : string.Empty);
            var raw = TestCodes.Sign(text, signingKey);

            Assert.True(TwoDDoc.TryParse(raw, out var code, out var error), error?.ToString());
            Assert.Equal(c.Version, code.Header.Version);
            Assert.Equal(c.Type, code.Header.DocumentType);
            Assert.Equal(c.Issued, code.Header.IssueDate);
            Assert.Equal(c.Signed, code.Header.SignatureDate);
            Assert.Equal(c.Fields.Select(f => new TwoDDocField(f.Id, f.Value, f.Truncated)), code.Fields);
            Assert.True(TwoDDocVerifier.CheckSignature(code, certificate));
        }, iter: 500);
    }
}
