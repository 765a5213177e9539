using System.Globalization;
using System.Text.Json.Nodes;

namespace PreDemande.Functions.Tests.Infrastructure;

/// <summary>Sample pre-application bodies, as the portal would post them, with dates relative to today.</summary>
public static class Forms
{
    public static string YearsAgo(int years, int extraDays = 0) =>
        DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-years).AddDays(-extraDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static JsonObject AdultPassport() => Parse($$"""
        {
          "titles": ["passport"],
          "reason": "first",
          "applicant": {
            "surname": "LŒUVRE", "usageName": null, "givenNames": ["ÉLODIE", "MARIE-ANNE"], "sex": "F",
            "birthDate": "{{YearsAgo(36, 40)}}",
            "birthPlace": {"communeCode": "69123", "communeName": "LYON"},
            "heightCm": 168, "eyeColour": "brown", "nationality": {"basis": "birth"}
          },
          "parents": [
            {"surname": "LŒUVRE", "givenNames": ["JEAN"], "birthDate": "{{YearsAgo(66)}}", "birthPlace": {"communeCode": "75056", "communeName": "PARIS"}, "french": true},
            {"surname": "D'ARTAGNAN", "givenNames": ["HÉLÈNE"], "birthDate": "{{YearsAgo(64)}}", "birthPlace": {"countryCode": "DZ", "city": "ORAN"}, "french": true}
          ],
          "address": {"line1": "12 RUE DE LA ROQUETTE", "line2": null, "postcode": "75011", "city": "PARIS", "countryCode": "FR"},
          "contact": {"email": "elodie.loeuvre@example.org", "mobile": "+33612345678", "smsConsent": true},
          "taxStamp": {"number": "1234567890123456"}
        }
        """);

    public static JsonObject MinorIdCard() => Parse($$"""
        {
          "titles": ["idCard"],
          "reason": "first",
          "applicant": {
            "surname": "MARTIN", "givenNames": ["LÉA"], "sex": "F",
            "birthDate": "{{YearsAgo(10, 3)}}",
            "birthPlace": {"communeCode": "13055", "communeName": "MARSEILLE"},
            "nationality": {"basis": "birth"}
          },
          "parents": [
            {"surname": "MARTIN", "givenNames": ["PAUL"], "french": true},
            {"surname": "NGUYEN", "givenNames": ["THI"], "birthPlace": {"countryCode": "VN", "city": "HANOÏ"}, "french": false}
          ],
          "address": {"line1": "3 BOULEVARD NATIONAL", "postcode": "13001", "city": "MARSEILLE", "countryCode": "FR"},
          "contact": {"email": "paul.martin@example.org"},
          "legalRepresentative": {"capacity": "father", "surname": "MARTIN", "givenNames": ["PAUL"], "birthDate": "{{YearsAgo(42)}}"}
        }
        """);

    public static JsonObject LossWithUnknownFather() => Parse($$"""
        {
          "titles": ["idCard"],
          "reason": "loss",
          "previousTitle": {"number": "X4RTBPFW4", "issuedOn": "{{YearsAgo(5)}}"},
          "applicant": {
            "surname": "DURAND", "givenNames": ["CHLOÉ"], "sex": "F",
            "birthDate": "{{YearsAgo(30)}}",
            "birthPlace": {"communeCode": "2A004", "communeName": "AJACCIO"},
            "nationality": {"basis": "birth"}
          },
          "parents": [
            {"unknown": true},
            {"surname": "DURAND", "givenNames": ["ISABELLE"], "french": true}
          ],
          "address": {"line1": "1 COURS NAPOLÉON", "postcode": "20000", "city": "AJACCIO"},
          "contact": {"email": "chloe.durand@example.org", "mobile": "+590690001122", "smsConsent": true},
          "taxStamp": {"number": "6543210987654321"}
        }
        """);

    public static JsonObject BornAbroad() => Parse($$"""
        {
          "titles": ["passport", "idCard"],
          "reason": "renewal",
          "renewalCause": "expired",
          "previousTitle": {"number": "18AB12345", "issuedOn": "{{YearsAgo(10, 30)}}"},
          "applicant": {
            "surname": "BENALI", "givenNames": ["YASMINE"], "sex": "F",
            "birthDate": "{{YearsAgo(45)}}",
            "birthPlace": {"countryCode": "DZ", "city": "ORAN"},
            "heightCm": 162, "eyeColour": "hazel", "nationality": {"basis": "declaration"}
          },
          "parents": [
            {"surname": "BENALI", "givenNames": ["KARIM"], "birthPlace": {"countryCode": "DZ", "city": "ORAN"}, "french": false},
            {"surname": "LEFÈVRE", "givenNames": ["ANNE"], "birthPlace": {"communeCode": "59350", "communeName": "LILLE"}, "french": true}
          ],
          "address": {"line1": "8 RUE NATIONALE", "postcode": "59000", "city": "LILLE"},
          "contact": {"email": "yasmine.benali@example.org", "mobile": "06 98 76 54 32"},
          "taxStamp": {"number": "1111222233334444"}
        }
        """);

    /// <summary>Sets (or with null removes) the value at a path such as <c>applicant.birthDate</c> or <c>parents[1].surname</c>.</summary>
    public static JsonObject With(this JsonObject form, string path, JsonNode? value)
    {
        var parts = path.Replace("[", ".[", StringComparison.Ordinal).Split('.');
        JsonNode node = form;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            node = Child(node, parts[i]) ?? throw new ArgumentException($"No {parts[i]} in {path}");
        }

        var last = parts[^1];
        if (last.StartsWith('['))
        {
            node.AsArray()[Index(last)] = value;
        }
        else if (value is null)
        {
            node.AsObject().Remove(last);
        }
        else
        {
            node.AsObject()[last] = value;
        }

        return form;
    }

    private static JsonNode? Child(JsonNode node, string part) => part.StartsWith('[') ? node.AsArray()[Index(part)] : node[part];

    private static int Index(string part) => int.Parse(part.Trim('[', ']'), CultureInfo.InvariantCulture);

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
