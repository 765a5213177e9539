using System.Text.Json;
using Azure;
using PreDemande.Core.Fees;
using PreDemande.Core.Forms;
using PreDemande.Core.Lifecycle;
using PreDemande.Functions.Booking;
using PreDemande.Functions.Instruction;
using PreDemande.Functions.Mairie;
using PreDemande.Functions.Notifications;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Retention;
using PreDemande.Functions.Security;

using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Core;

/// <summary>
/// Every status through every mapping of the app, against tables written here by hand: a status
/// added to the enum without a row in each table fails these tests (and, without an arm in each
/// mapping, the build).
/// </summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class LifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Ended = Now.AddDays(-10);
    private static readonly RetentionOptions Retention = new();

    public static TheoryData<PreApplicationStatus> AllStatuses => [.. Statuses.All];

    public static TheoryData<LifecycleEvent> AllEvents => [.. Enum.GetValues<LifecycleEvent>()];

    private static readonly Dictionary<PreApplicationStatus, (string Wire, string Booking, string OwnMairie, string OtherMairie, string Prefecture, string Purge)> Expected = new()
    {
        [PreApplicationStatus.Submitted] = ("submitted", "validated", "read", "read", "notLodged", "after expiry + grace"),
        [PreApplicationStatus.RecapReady] = ("recapReady", "validated", "read", "read", "notLodged", "after expiry + grace"),
        [PreApplicationStatus.Consumed] = ("consumed", "consumed", "read", "lodgedElsewhere", "read", "not while at work"),
        [PreApplicationStatus.UnderInstruction] = ("underInstruction", "consumed", "read", "lodgedElsewhere", "read", "not while at work"),
        [PreApplicationStatus.InProduction] = ("inProduction", "consumed", "read", "lodgedElsewhere", "read", "not while at work"),
        [PreApplicationStatus.Available] = ("available", "consumed", "read", "lodgedElsewhere", "read", "not while at work"),
        [PreApplicationStatus.HandedOver] = ("handedOver", "consumed", "read", "lodgedElsewhere", "read", "after the end + retention"),
        [PreApplicationStatus.Refused] = ("refused", "consumed", "read", "lodgedElsewhere", "read", "after the end + retention"),
        [PreApplicationStatus.Destroyed] = ("destroyed", "consumed", "read", "lodgedElsewhere", "read", "after the end + retention"),
        [PreApplicationStatus.Expired] = ("expired", "expired", "expired", "expired", "notLodged", "after expiry + grace"),
        [PreApplicationStatus.Purged] = ("purged", "expired", "expired", "expired", "purged", "at once"),
    };

    [Fact]
    public void The_expected_tables_name_every_status()
    {
        Assert.Equal(Statuses.All.Order(), Expected.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void A_status_is_its_camel_case_name_on_the_wire_and_in_storage(PreApplicationStatus status)
    {
        Assert.Equal(Expected[status].Wire, status.Name());
        Assert.Equal($"\"{Expected[status].Wire}\"", JsonSerializer.Serialize(status, AppJsonContext.Default.PreApplicationStatus));
        Assert.Equal(status, JsonSerializer.Deserialize($"\"{Expected[status].Wire}\"", AppJsonContext.Default.PreApplicationStatus));
        Assert.True(Statuses.TryParse(Expected[status].Wire, out var parsed));
        Assert.Equal(status, parsed);
    }

    [Theory]
    [InlineData("Submitted")]
    [InlineData("RECAPREADY")]
    [InlineData("3")]
    [InlineData("")]
    [InlineData("unknown")]
    public void Any_other_text_is_not_a_status(string text)
    {
        Assert.False(Statuses.TryParse(text, out _));
        Assert.Throws<InvalidDataException>(() => Statuses.Parse(text));
    }

    [Theory]
    [InlineData("\"unknown\"")]
    [InlineData("\"\"")]
    [InlineData("3")]
    public void Json_holding_no_status_name_is_refused(string json)
    {
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(json, AppJsonContext.Default.PreApplicationStatus));
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void Booking_tools_get_the_ants_status_of_every_status_and_unknown_only_for_numbers_we_do_not_have(PreApplicationStatus status)
    {
        Assert.Equal(Expected[status].Booking, BookingStatus.From(status));
    }

    [Fact]
    public void A_destroyed_title_s_number_is_consumed_for_booking_tools_not_a_free_number()
    {
        Assert.Equal(BookingStatus.Consumed, BookingStatus.From(PreApplicationStatus.Destroyed));
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void A_mairie_reads_an_unused_or_its_own_lodged_pre_application_and_is_told_why_otherwise(PreApplicationStatus status)
    {
        var record = RecordIn(status);

        Assert.Equal(Expected[status].OwnMairie, MairieAccess.Check(record, new ClientIdentity("paris", ClientRole.Mairie, "75056"), Now).Outcome);
        Assert.Equal(Expected[status].OtherMairie, MairieAccess.Check(record, new ClientIdentity("lyon", ClientRole.Mairie, "69123"), Now).Outcome);
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void A_prefecture_reads_only_a_lodged_pre_application(PreApplicationStatus status)
    {
        Assert.Equal(Expected[status].Prefecture, PrefectureAccess.Check(RecordIn(status), new ClientIdentity("cert", ClientRole.Prefecture, "75")).Outcome);
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void The_purge_falls_due_after_the_validity_or_after_the_end_never_while_at_work(PreApplicationStatus status)
    {
        var record = RecordIn(status);
        var due = Purger.DueOn(record, Retention);

        var expected = Expected[status].Purge switch
        {
            "after expiry + grace" => record.Document.ExpiresAt + Retention.UnusedGrace,
            "after the end + retention" => Ended + Retention.LodgedRetention,
            "at once" => DateTimeOffset.MinValue,
            "not while at work" => (DateTimeOffset?)null,
            var other => throw new InvalidOperationException(other),
        };
        Assert.Equal(expected, due);
    }

    [Theory]
    [MemberData(nameof(AllEvents))]
    public void Each_event_calls_for_its_notification_and_reminder(LifecycleEvent happened)
    {
        var expected = happened switch
        {
            LifecycleEvent.RecapRendered => ("recapEmail", false),
            LifecycleEvent.Available => ("titleAvailable", true),
            LifecycleEvent.Refused => ("titleRefused", false),
            LifecycleEvent.Lodged or LifecycleEvent.InstructionStarted or LifecycleEvent.InProduction or LifecycleEvent.HandedOver
                or LifecycleEvent.Destroyed or LifecycleEvent.Expired or LifecycleEvent.Purged => ((string?)null, false),
        };

        Assert.Equal(expected, NotificationReactions.Reaction(happened));
    }

    [Theory]
    [MemberData(nameof(AllEvents))]
    public void Each_event_that_settles_the_purge_date_schedules_it(LifecycleEvent happened)
    {
        var notice = new LifecycleNotice("AB12CD34EF", happened, Now, ExpiresAt: Now.AddMonths(6));

        DateTimeOffset? expected = happened switch
        {
            LifecycleEvent.RecapRendered => Now.AddMonths(6) + Retention.UnusedGrace,
            LifecycleEvent.Refused or LifecycleEvent.HandedOver or LifecycleEvent.Destroyed => Now + Retention.LodgedRetention,
            LifecycleEvent.Lodged or LifecycleEvent.InstructionStarted or LifecycleEvent.InProduction or LifecycleEvent.Available
                or LifecycleEvent.Expired or LifecycleEvent.Purged => null,
        };

        Assert.Equal(expected, RetentionReactions.PurgeDue(notice, Retention));
    }

    [Fact]
    public void Every_status_is_reached_from_submitted_and_every_one_but_purged_leads_on_to_purged()
    {
        var reached = Walk(PreApplicationStatus.Submitted);

        Assert.Equal(Statuses.All.Order(), reached.Order());
        Assert.All(Statuses.All.Where(s => s != PreApplicationStatus.Purged), s => Assert.Contains(PreApplicationStatus.Purged, Walk(s)));
        Assert.Empty(Lifecycle.EventsFrom(PreApplicationStatus.Purged));
    }

    [Theory]
    [InlineData(PreApplicationStatus.Consumed, new[] { "instructionStarted" })]
    [InlineData(PreApplicationStatus.UnderInstruction, new[] { "refused", "inProduction" })]
    [InlineData(PreApplicationStatus.InProduction, new[] { "available" })]
    [InlineData(PreApplicationStatus.Available, new[] { "handedOver", "destroyed" })]
    [InlineData(PreApplicationStatus.HandedOver, new string[0])]
    [InlineData(PreApplicationStatus.RecapReady, new string[0])]
    public void The_prefecture_may_report_only_the_events_that_follow_the_status(PreApplicationStatus status, string[] expected)
    {
        Assert.Equal(expected, Lifecycle.InstructionEventsFrom(status).Select(e => e.Name()));
        Assert.All(Lifecycle.InstructionEvents, e => Assert.Equal(expected.Contains(e.Name()), Lifecycle.Allows(status, e)));
    }

    [Fact]
    public void Only_the_six_instruction_events_are_read_from_a_prefecture()
    {
        Assert.Equal(["instructionStarted", "refused", "inProduction", "available", "handedOver", "destroyed"], Lifecycle.InstructionEvents.Select(e => e.Name()));
        Assert.False(Lifecycle.TryParseInstructionEvent("lodged", out _));
        Assert.False(Lifecycle.TryParseInstructionEvent("purged", out _));
        Assert.False(Lifecycle.TryParseInstructionEvent("Available", out _));
        Assert.True(Lifecycle.TryParseInstructionEvent("destroyed", out var destroyed));
        Assert.Equal(PreApplicationStatus.Destroyed, Lifecycle.StatusAfter(destroyed));
    }

    private static HashSet<PreApplicationStatus> Walk(PreApplicationStatus from)
    {
        var reached = new HashSet<PreApplicationStatus> { from };
        var next = new Queue<PreApplicationStatus>([from]);
        while (next.TryDequeue(out var status))
        {
            foreach (var happened in Lifecycle.EventsFrom(status))
            {
                if (reached.Add(Lifecycle.StatusAfter(happened)))
                {
                    next.Enqueue(Lifecycle.StatusAfter(happened));
                }
            }
        }

        return reached;
    }

    // A record as it stands in that status: lodged at Paris (75056) once consumed, with the event that ended it.
    private static PreApplicationRecord RecordIn(PreApplicationStatus status)
    {
        var document = new PreApplicationDocument("AB12CD34EF", Now.AddMonths(-2), status == PreApplicationStatus.Expired ? Now.AddDays(-1) : Now.AddMonths(4), new Fee(86, "Passeport"), new PreApplicationForm());
        var lodged = Lifecycle.Allows(status, LifecycleEvent.Lodged) is false && status is not (PreApplicationStatus.Expired or PreApplicationStatus.Purged);
        var history = Lifecycle.InstructionEvents.Where(e => Lifecycle.StatusAfter(e) == status)
            .Select(e => new StatusEvent(e, status, Ended, "cert", e == LifecycleEvent.Refused ? "motif" : null, null))
            .ToArray();
        return new PreApplicationRecord(document, status, null, new ETag("x"))
        {
            Lodging = lodged ? new LodgingState("75056", "paris", Now.AddDays(-30), []) : null,
            History = history,
        };
    }
}
