using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using PreDemande.Client.Models;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Client.Tests;

/// <summary>
/// The journey of a pre-application written as the portal, a mairie's DR, the CERT and a booking
/// tool write it with the C# client generated from the published document: its request builders
/// and models only, against the app on Azurite with the stand-in host running the triggers.
/// </summary>
[Trait(Tier.Name, Tier.Http)]
public sealed class GeneratedClientJourneyTests(PreDemandeFactory app) : IClassFixture<PreDemandeFactory>
{
    [Fact]
    public async Task A_pre_application_goes_from_the_portal_through_the_mairie_to_the_prefecture_with_the_generated_client()
    {
        var portal = app.GeneratedClient(TestClients.PortalKey);
        var paris = app.GeneratedClient(TestClients.MairieKey);
        var cert = app.GeneratedClient(TestClients.PrefectureKey);
        var booking = app.GeneratedClient(TestClients.BookingKey, "x-rdv-opt-auth-token");

        // Portal: submits, reads it back until the recap is drawn.
        var submitted = await portal.Api.Predemandes.PostAsync(AdultPassport(), c => c.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString()));
        var number = submitted!.Number!;
        Assert.Equal(PreApplicationStatus.Submitted, submitted.Status);
        Assert.Equal(86, submitted.Fee!.AmountEur);
        Assert.True(submitted.ExpiresAt > submitted.CreatedAt);
        var read = await Eventually.Async(() => portal.Api.Predemandes[number].GetAsync(), v => v?.Status == PreApplicationStatus.RecapReady, TimeSpan.FromSeconds(15));
        Assert.Equal("LŒUVRE", read!.Form!.Applicant!.Surname);

        // Mairie: looks it up, corrects it with the version it read (If-Match), and a second correction with that old version is refused.
        var lookup = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        var found = await paris.Api.Dr.Predemandes[number].GetAsync(c => c.Options.Add(lookup));
        var etag = Assert.Single(lookup.ResponseHeaders["ETag"]);
        Assert.Equal(PreApplicationStatus.RecapReady, found!.Status);
        var corrected = await paris.Api.Dr.Predemandes[number].PatchAsync(UsageName("MARTIN"), c => c.Headers.Add("If-Match", etag));
        Assert.Equal("MARTIN", corrected!.Form!.Applicant!.UsageName);
        Assert.Equal("applicant.usageName", Assert.Single(corrected.Corrections!).Field);
        var stale = await Assert.ThrowsAnyAsync<ApiException>(() => paris.Api.Dr.Predemandes[number].PatchAsync(UsageName("DURAND"), c => c.Headers.Add("If-Match", etag)));
        Assert.Equal(412, stale.ResponseStatusCode);

        // Mairie: lodges it; the documents to scan are listed.
        var deposit = await paris.Api.Dr.Predemandes[number].Deposit.PostAsync(new DepositRequest());
        Assert.Equal(PreApplicationStatus.Consumed, deposit!.Status);
        Assert.Equal("75056", deposit.Mairie);
        Assert.NotEmpty(deposit.Documents!);

        // Préfecture: reads the corrected data and where it was lodged, then starts the instruction.
        var dossier = await cert.Api.Prefecture.Predemandes[number].GetAsync();
        Assert.Equal("MARTIN", dossier!.Form!.Applicant!.UsageName);
        Assert.Equal("75056", dossier.Lodging!.Mairie!.Code);
        var started = await cert.Api.Prefecture.Predemandes[number].Events.PostAsync(new EventRequest { Type = EventRequest_type.InstructionStarted, EventId = $"cert-75-start-{number}" });
        Assert.True(started!.Applied);
        Assert.Equal(PreApplicationStatus.UnderInstruction, started.Status);

        // Booking tool: the status of the number, as the ANTS interface names it.
        var statuses = await booking.Api.Status.GetAsync(c => c.QueryParameters.ApplicationIds = [number]);
        var status = Assert.IsType<UntypedObject>(statuses!.AdditionalData[number]).GetValue()["status"];
        Assert.Equal("consumed", Assert.IsType<UntypedString>(status).GetValue());

        // The portal follows the stages.
        var followed = await portal.Api.Predemandes[number].GetAsync();
        Assert.Equal(PreApplicationStatus.UnderInstruction, followed!.Status);
        Assert.Equal("75056", followed.Stages!.Single(s => s.Status == PreApplicationStatus.Consumed).Mairie!.Code);
    }

    private static PreApplicationForm AdultPassport() => new()
    {
        Titles = [PreApplicationForm_titles.Passport],
        Reason = PreApplicationForm_reason.First,
        Applicant = new()
        {
            Surname = "LŒUVRE",
            GivenNames = ["ÉLODIE", "MARIE-ANNE"],
            Sex = PreApplicationForm_applicant_sex.F,
            BirthDate = new Date(DateTime.UtcNow.AddYears(-36).AddDays(-40)),
            BirthPlace = new() { CommuneCode = "69123", CommuneName = "LYON" },
            HeightCm = 168,
            EyeColour = PreApplicationForm_applicant_eyeColour.Brown,
            Nationality = new() { Basis = PreApplicationForm_applicant_nationality_basis.Birth },
        },
        Parents =
        [
            new() { Surname = "LŒUVRE", GivenNames = ["JEAN"], BirthPlace = new() { CommuneCode = "75056", CommuneName = "PARIS" }, French = true },
            new() { Surname = "D'ARTAGNAN", GivenNames = ["HÉLÈNE"], BirthPlace = new() { CountryCode = "DZ", City = "ORAN" }, French = true },
        ],
        Address = new() { Line1 = "12 RUE DE LA ROQUETTE", Postcode = "75011", City = "PARIS", CountryCode = "FR" },
        Contact = new() { Email = "elodie.loeuvre@example.org", Mobile = "+33612345678", SmsConsent = true },
        TaxStamp = new() { Number = "1234567890123456" },
    };

    private static CorrectionRequest UsageName(string usageName) => new() { Form = new() { Applicant = new() { UsageName = usageName } } };
}
