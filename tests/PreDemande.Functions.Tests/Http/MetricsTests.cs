using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Http;

[Trait(Tier.Name, Tier.Http)]
public sealed class MetricsTests(PreDemandeFactory app) : IClassFixture<PreDemandeFactory>
{
    [Fact]
    public async Task Submissions_lookups_and_recaps_are_counted_with_no_personal_data_in_their_attributes()
    {
        var measured = new ConcurrentQueue<(string Instrument, long Value, string Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "PreDemande")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            measured.Enqueue((instrument.Name, value, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        listener.Start();

        var number = await app.SubmitReadyAsync();
        await app.ClientWithKey(TestClients.MairieKey).GetAsync($"/api/dr/predemandes/{number}");

        Assert.Contains(measured, m => m.Instrument == "predemande.submissions" && m.Value == 1);
        Assert.Contains(measured, m => m.Instrument == "predemande.recaps");
        Assert.Contains(measured, m => m.Instrument == "predemande.lookups" && m.Tags == "outcome=read");
        var form = Forms.AdultPassport();
        foreach (var personal in new[] { "LŒUVRE", "ÉLODIE", "612345678", "example.org", form["address"]!["line1"]!.GetValue<string>() })
        {
            Assert.DoesNotContain(measured, m => m.Tags.Contains(personal, StringComparison.OrdinalIgnoreCase));
        }
    }
}
