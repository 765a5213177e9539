using Azure;
using PreDemande.Core.Fees;
using PreDemande.Core.Forms;
using PreDemande.Core.Lifecycle;
using PreDemande.Functions.Instruction;
using PreDemande.Functions.Mairie;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Retention;
using PreDemande.Functions.Security;

using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Core;

/// <summary>
/// The lifecycle's rules in Core (phase, status at an instant, withdrawal, purge date) and the
/// accesses built on them, on records made here: no storage.
/// </summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class LifecycleRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ExpiresAt = Now.AddMonths(4);
    private static readonly RetentionOptions Retention = new();
    private static readonly ClientIdentity Paris = new("paris", ClientRole.Mairie, "75056");

    public static TheoryData<PreApplicationStatus> AllStatuses => [.. Statuses.All];

    public static TheoryData<PreApplicationStatus> StatusesThatDoNotExpire => [.. Statuses.All.Where(s => !Lifecycle.Allows(s, LifecycleEvent.Expired))];

    private static readonly Dictionary<PreApplicationStatus, (LifecyclePhase Phase, bool Withdrawable)> Expected = new()
    {
        [PreApplicationStatus.Submitted] = (LifecyclePhase.AwaitingMairie, true),
        [PreApplicationStatus.RecapReady] = (LifecyclePhase.AwaitingMairie, true),
        [PreApplicationStatus.Consumed] = (LifecyclePhase.Lodged, false),
        [PreApplicationStatus.UnderInstruction] = (LifecyclePhase.Lodged, false),
        [PreApplicationStatus.InProduction] = (LifecyclePhase.Lodged, false),
        [PreApplicationStatus.Available] = (LifecyclePhase.Lodged, false),
        [PreApplicationStatus.HandedOver] = (LifecyclePhase.Lodged, false),
        [PreApplicationStatus.Refused] = (LifecyclePhase.Lodged, false),
        [PreApplicationStatus.Destroyed] = (LifecyclePhase.Lodged, false),
        [PreApplicationStatus.Expired] = (LifecyclePhase.Lapsed, true),
        [PreApplicationStatus.Purged] = (LifecyclePhase.Purged, false),
    };

    [Fact]
    public void The_expected_table_names_every_status()
    {
        Assert.Equal(Statuses.All.Order(), Expected.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void Each_status_belongs_to_its_phase(PreApplicationStatus status)
    {
        Assert.Equal(Expected[status].Phase, Lifecycle.PhaseOf(status));
    }

    [Fact]
    public void Every_phase_holds_a_status()
    {
        Assert.Equal(Enum.GetValues<LifecyclePhase>().Order(), Statuses.All.Select(Lifecycle.PhaseOf).Distinct().Order());
    }

    [Theory]
    [InlineData(PreApplicationStatus.Submitted)]
    [InlineData(PreApplicationStatus.RecapReady)]
    public void An_unused_pre_application_is_expired_from_the_instant_of_its_expiry_date(PreApplicationStatus status)
    {
        Assert.Equal(PreApplicationStatus.Expired, Lifecycle.StatusAt(status, ExpiresAt, now: ExpiresAt));
    }

    [Theory]
    [InlineData(PreApplicationStatus.Submitted)]
    [InlineData(PreApplicationStatus.RecapReady)]
    public void An_unused_pre_application_keeps_its_status_until_just_before_its_expiry_date(PreApplicationStatus status)
    {
        Assert.Equal(status, Lifecycle.StatusAt(status, ExpiresAt, now: ExpiresAt.AddTicks(-1)));
    }

    [Theory]
    [MemberData(nameof(StatusesThatDoNotExpire))]
    public void A_lodged_or_finished_pre_application_keeps_its_status_past_its_expiry_date(PreApplicationStatus status)
    {
        Assert.Equal(status, Lifecycle.StatusAt(status, ExpiresAt, now: ExpiresAt.AddYears(1)));
    }

    [Fact]
    public void The_record_tells_its_status_at_an_instant_by_its_expiry_date()
    {
        var record = Record(PreApplicationStatus.RecapReady);

        Assert.Equal(PreApplicationStatus.Expired, record.StatusAt(ExpiresAt));
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void Only_a_pre_application_never_lodged_and_not_purged_may_be_withdrawn(PreApplicationStatus status)
    {
        Assert.Equal(Expected[status].Withdrawable, Lifecycle.Withdrawable(status));
    }

    [Theory]
    [InlineData(LifecycleEvent.RecapRendered)]
    [InlineData(LifecycleEvent.Refused)]
    [InlineData(LifecycleEvent.HandedOver)]
    [InlineData(LifecycleEvent.Destroyed)]
    public void The_purge_date_an_event_sets_is_the_one_the_purge_finds_on_the_record_after_it(LifecycleEvent happened)
    {
        var fromEvent = RetentionReactions.PurgeDue(new LifecycleNotice("AB12CD34EF", happened, Now, ExpiresAt), Retention);

        Assert.NotNull(fromEvent);
        Assert.Equal(Purger.DueOn(RecordAfter(happened), Retention), fromEvent);
    }

    [Theory]
    [InlineData(LifecycleEvent.Lodged)]
    [InlineData(LifecycleEvent.InstructionStarted)]
    [InlineData(LifecycleEvent.InProduction)]
    [InlineData(LifecycleEvent.Available)]
    public void An_application_at_work_at_the_mairie_or_the_prefecture_has_no_purge_date_from_its_events_or_its_record(LifecycleEvent happened)
    {
        Assert.Null(RetentionReactions.PurgeDue(new LifecycleNotice("AB12CD34EF", happened, Now, ExpiresAt), Retention));
        Assert.Null(Purger.DueOn(RecordAfter(happened), Retention));
    }

    [Fact]
    public void Expiry_leaves_the_purge_date_the_recap_set_which_the_purge_finds_on_the_expired_record()
    {
        var atRecap = RetentionReactions.PurgeDue(new LifecycleNotice("AB12CD34EF", LifecycleEvent.RecapRendered, Now, ExpiresAt), Retention);

        Assert.Null(RetentionReactions.PurgeDue(new LifecycleNotice("AB12CD34EF", LifecycleEvent.Expired, ExpiresAt), Retention));
        Assert.Equal(atRecap, Purger.DueOn(RecordAfter(LifecycleEvent.Expired), Retention));
    }

    [Fact]
    public void A_mairie_is_refused_an_unused_pre_application_from_the_instant_of_its_expiry_date()
    {
        var access = MairieAccess.Check(Record(PreApplicationStatus.Submitted), Paris, now: ExpiresAt);

        Assert.Equal(MairieAccess.Expired, access.Outcome);
        Assert.Equal(PreApplicationStatus.Expired, access.Status);
    }

    [Fact]
    public void A_mairie_may_still_lodge_an_unused_pre_application_just_before_its_expiry_date()
    {
        var access = MairieAccess.Check(Record(PreApplicationStatus.Submitted), Paris, now: ExpiresAt.AddTicks(-1));

        Assert.True(access.IsGranted);
        Assert.Equal(PreApplicationStatus.Submitted, access.Status);
    }

    [Fact]
    public void A_mairie_reads_again_a_pre_application_it_lodged_by_the_mairie_of_its_lodging()
    {
        var record = Record(PreApplicationStatus.Consumed) with { Lodging = new LodgingState("75056", "paris", Now, []) };

        Assert.True(MairieAccess.Check(record, Paris, Now).IsGranted);
        Assert.Equal(MairieAccess.LodgedElsewhere, MairieAccess.Check(record, new ClientIdentity("lyon", ClientRole.Mairie, "69123"), Now).Outcome);
    }

    [Fact]
    public void A_prefecture_is_told_a_pre_application_in_a_lodged_status_without_its_lodging_is_not_lodged()
    {
        var access = PrefectureAccess.Check(Record(PreApplicationStatus.Consumed), new ClientIdentity("cert", ClientRole.Prefecture, "75"));

        Assert.Equal(PrefectureAccess.NotLodged, access.Outcome);
    }

    [Fact]
    public void Nobody_is_granted_a_number_no_pre_application_has()
    {
        Assert.Equal(MairieAccess.NotFound, MairieAccess.Check(null, Paris, Now).Outcome);
        Assert.Equal(PrefectureAccess.NotFound, PrefectureAccess.Check(null, new ClientIdentity("cert", ClientRole.Prefecture, "75")).Outcome);
    }

    private static PreApplicationRecord Record(PreApplicationStatus status) =>
        new(new PreApplicationDocument("AB12CD34EF", Now.AddMonths(-2), ExpiresAt, new Fee(86, "Passeport"), new PreApplicationForm()), status, null, new ETag("x"));

    // The record as the app leaves it once the event happened at Now: its status, and the event in its history if the préfecture reported it.
    private static PreApplicationRecord RecordAfter(LifecycleEvent happened)
    {
        var status = Lifecycle.StatusAfter(happened);
        return Record(status) with
        {
            History = Lifecycle.InstructionEvents.Contains(happened) ? [new StatusEvent(happened, status, Now, "cert", null, null)] : [],
        };
    }
}
