using System.Net;
using System.Text.Json.Nodes;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Booking;

/// <summary>Requests replayed as RDV Service Public and the City of Paris's Lutece module send them.</summary>
[Trait(Tier.Name, Tier.Http)]
public sealed class AppointmentTests(PreDemandeFactory app) : IClassFixture<PreDemandeFactory>
{
    private HttpClient RdvServicePublic => app.ClientWithKey(TestClients.BookingKey, "x-rdv-opt-auth-token");

    private HttpClient Lutece => app.ClientWithKey(TestClients.LuteceKey, "x-rdv-opt-auth-token");

    // RDV Service Public: appointment_date "YYYY-MM-DD HH:MM:SS" in Paris time, meeting_point_id its lieu id.
    private static string RdvSpQuery(string number, string url, string date = "2026-12-03 08:45:00") =>
        $"application_id={number}&appointment_date={Uri.EscapeDataString(date)}&management_url={Uri.EscapeDataString(url)}&meeting_point=MDS%20Soleil&meeting_point_id=1234";

    // Lutece: appointment_date in UTC with a Z.
    private static string LuteceQuery(string number, string url, string date = "2026-12-04T13:30:00Z") =>
        $"application_id={number}&meeting_point_id=paris-mairie-11&meeting_point={Uri.EscapeDataString("Mairie du 11e arrondissement")}&appointment_date={date}&management_url={Uri.EscapeDataString(url)}";

    [Fact]
    public async Task An_appointment_declared_by_rdv_service_public_is_listed_in_the_status_in_paris_time()
    {
        var number = await app.SubmitAsync();

        var added = await RdvServicePublic.PostAsync($"/api/appointments?{RdvSpQuery(number, "https://rdv.anct.gouv.fr/users/rdvs/101")}", null);

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal("""{"success":true}""", await added.Content.ReadAsStringAsync());
        var status = await (await RdvServicePublic.GetAsync($"/api/status?application_ids={number}&meeting_point_id=1234")).JsonAsync();
        var appointment = Assert.Single(status[number]!["appointments"]!.AsArray())!;
        Assert.Equal("https://rdv.anct.gouv.fr/users/rdvs/101", appointment["management_url"]!.GetValue<string>());
        Assert.Equal("MDS Soleil", appointment["meeting_point"]!.GetValue<string>());
        Assert.Equal("1234", appointment["meeting_point_id"]!.GetValue<string>());
        Assert.Equal("2026-12-03T08:45:00", appointment["appointment_date"]!.GetValue<string>());
    }

    [Fact]
    public async Task Adding_the_same_appointment_twice_keeps_one()
    {
        var number = await app.SubmitAsync();
        var rdvsp = RdvSpQuery(number, "https://rdv.anct.gouv.fr/users/rdvs/202");

        Assert.Equal(HttpStatusCode.OK, (await RdvServicePublic.PostAsync($"/api/appointments?{rdvsp}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RdvServicePublic.PostAsync($"/api/appointments?{rdvsp}", null)).StatusCode);

        var status = await (await RdvServicePublic.GetAsync($"/api/status?application_ids={number}")).JsonAsync();
        Assert.Single(status[number]!["appointments"]!.AsArray());
    }

    [Fact]
    public async Task Two_tools_see_each_other_s_booking()
    {
        var number = await app.SubmitAsync();

        Assert.Equal(HttpStatusCode.OK, (await RdvServicePublic.PostAsync($"/api/appointments?{RdvSpQuery(number, "https://rdv.anct.gouv.fr/users/rdvs/203")}", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Lutece.PostAsync($"/api/appointments?{LuteceQuery(number, "https://teleservices.paris.fr/rdvtitres/jsp/site/Portal.jsp?page=appointment&view=modify&ref=ab12")}", null)).StatusCode);

        var seenByLutece = await (await Lutece.GetAsync($"/api/status?application_ids={number}")).JsonAsync();
        var seenByRdvsp = await (await RdvServicePublic.GetAsync($"/api/status?application_ids={number}")).JsonAsync();

        var appointments = seenByLutece[number]!["appointments"]!.AsArray();
        Assert.Equal(2, appointments.Count);
        Assert.Equal(seenByLutece.ToJsonString(), seenByRdvsp.ToJsonString());
        Assert.Equal("2026-12-04T14:30:00", appointments[1]!["appointment_date"]!.GetValue<string>()); // 13:30Z is 14:30 in Paris in December
    }

    [Fact]
    public async Task Deleting_answers_rowcount_one_then_zero()
    {
        var number = await app.SubmitAsync();
        await Lutece.PostAsync($"/api/appointments?{LuteceQuery(number, "https://teleservices.paris.fr/rdvtitres/ref=cd34")}", null);
        var delete = $"/api/appointments?application_id={number}&meeting_point_id=paris-mairie-11&meeting_point={Uri.EscapeDataString("Mairie du 11e arrondissement")}&appointment_date=2026-12-04T13:30:00Z";

        var first = await Lutece.DeleteAsync(delete);
        var second = await Lutece.DeleteAsync(delete);

        Assert.Equal("""{"rowcount":1}""", await first.Content.ReadAsStringAsync());
        Assert.Equal("""{"rowcount":0}""", await second.Content.ReadAsStringAsync());
        Assert.Empty((await (await Lutece.GetAsync($"/api/status?application_ids={number}")).JsonAsync())[number]!["appointments"]!.AsArray());
    }

    [Fact]
    public async Task The_same_date_written_in_paris_time_and_in_utc_is_the_same_appointment_for_a_delete()
    {
        var number = await app.SubmitAsync();
        await RdvServicePublic.PostAsync($"/api/appointments?{RdvSpQuery(number, "https://rdv.anct.gouv.fr/users/rdvs/303", "2026-07-01 10:00:00")}", null);

        var deleted = await RdvServicePublic.DeleteAsync($"/api/appointments?application_id={number}&meeting_point_id=1234&meeting_point=MDS%20Soleil&appointment_date=2026-07-01T08:00:00Z");

        Assert.Equal("""{"rowcount":1}""", await deleted.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_management_url_already_used_by_another_number_is_refused()
    {
        var first = await app.SubmitAsync();
        var second = await app.SubmitAsync();
        await RdvServicePublic.PostAsync($"/api/appointments?{RdvSpQuery(first, "https://rdv.anct.gouv.fr/users/rdvs/404")}", null);

        var response = await RdvServicePublic.PostAsync($"/api/appointments?{RdvSpQuery(second, "https://rdv.anct.gouv.fr/users/rdvs/404")}", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("another application ID", (await response.JsonAsync())["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty((await (await RdvServicePublic.GetAsync($"/api/status?application_ids={second}")).JsonAsync())[second]!["appointments"]!.AsArray());
    }

    [Fact]
    public async Task An_appointment_on_a_number_that_is_not_validated_is_refused_with_its_status()
    {
        var unknown = PreDemande.Core.Numbers.PreApplicationNumber.New();
        var lodged = await app.SubmitAsync();
        await app.ClientWithKey(TestClients.MairieKey).DepositAsync(lodged);

        var forUnknown = await RdvServicePublic.PostAsync($"/api/appointments?{RdvSpQuery(unknown, "https://rdv.anct.gouv.fr/users/rdvs/505")}", null);
        var forLodged = await RdvServicePublic.PostAsync($"/api/appointments?{RdvSpQuery(lodged, "https://rdv.anct.gouv.fr/users/rdvs/506")}", null);

        Assert.Equal(HttpStatusCode.BadRequest, forUnknown.StatusCode);
        Assert.Contains("is unknown", (await forUnknown.JsonAsync())["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, forLodged.StatusCode);
        Assert.Contains("is consumed", (await forLodged.JsonAsync())["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> MalformedAppointments => new()
    {
        { "application_id=abc&meeting_point_id=1&meeting_point=M&appointment_date=2026-12-03%2008:45:00&management_url=https://x.fr/1", "application_id", "value_error.str.regex" },
        { "meeting_point_id=1&meeting_point=M&appointment_date=2026-12-03%2008:45:00&management_url=https://x.fr/1", "application_id", "value_error.missing" },
        { "application_id={0},{0}&meeting_point_id=1&meeting_point=M&appointment_date=2026-12-03%2008:45:00&management_url=https://x.fr/1", "application_id", "value_error.str.regex" },
        { "application_id={0}&meeting_point_id=1&meeting_point=M&appointment_date=03/12/2026&management_url=https://x.fr/1", "appointment_date", "value_error.datetime" },
        { "application_id={0}&meeting_point=M&appointment_date=2026-12-03%2008:45:00&management_url=https://x.fr/1", "meeting_point_id", "value_error.missing" },
        { "application_id={0}&meeting_point_id=1&meeting_point=M&appointment_date=2026-12-03%2008:45:00", "management_url", "value_error.missing" },
    };

    [Theory]
    [MemberData(nameof(MalformedAppointments))]
    public async Task A_malformed_declaration_gets_fastapi_s_422_naming_the_parameter_and_changes_nothing(string query, string parameter, string type)
    {
        var number = await app.SubmitAsync();

        var response = await RdvServicePublic.PostAsync($"/api/appointments?{query.Replace("{0}", number, StringComparison.Ordinal)}", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = Assert.Single((await response.JsonAsync())["detail"]!.AsArray())!;
        Assert.Equal($"""["query","{parameter}"]""", error["loc"]!.ToJsonString());
        Assert.Equal(type, error["type"]!.GetValue<string>());
        Assert.Empty((await (await RdvServicePublic.GetAsync($"/api/status?application_ids={number}")).JsonAsync())[number]!["appointments"]!.AsArray());
    }

    [Fact]
    public async Task A_lower_case_number_declares_on_the_upper_case_one()
    {
        var number = await app.SubmitAsync();

        await RdvServicePublic.PostAsync($"/api/appointments?{RdvSpQuery(number.ToLowerInvariant(), "https://rdv.anct.gouv.fr/users/rdvs/606")}", null);

        Assert.Single((await (await RdvServicePublic.GetAsync($"/api/status?application_ids={number}")).JsonAsync())[number]!["appointments"]!.AsArray());
    }

    [Fact]
    public async Task The_mairie_sees_where_the_applicant_booked()
    {
        var number = await app.SubmitAsync();
        await Lutece.PostAsync($"/api/appointments?{LuteceQuery(number, "https://teleservices.paris.fr/rdvtitres/ref=ef56")}", null);

        var view = await (await app.ClientWithKey(TestClients.MairieKey).GetAsync($"/api/dr/predemandes/{number}")).JsonAsync();

        var appointment = Assert.Single(view["appointments"]!.AsArray())!;
        Assert.Equal("Mairie du 11e arrondissement", appointment["meetingPoint"]!.GetValue<string>());
        Assert.Equal("test-booking-lutece", appointment["bookedBy"]!.GetValue<string>());
        Assert.Equal(DateTimeOffset.Parse("2026-12-04T13:30:00Z", System.Globalization.CultureInfo.InvariantCulture), appointment["date"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task A_bad_token_on_appointments_gets_exactly_the_ants_401_body()
    {
        var response = await app.ClientWithKey("nope", "x-rdv-opt-auth-token").PostAsync($"/api/appointments?{RdvSpQuery("AB12CD34EF", "https://x.fr/1")}", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("""{"detail":"X-RDV-OPT-AUTH-TOKEN header invalid"}""", await response.Content.ReadAsStringAsync());
    }
}
