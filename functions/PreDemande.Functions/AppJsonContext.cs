using System.Text.Json;
using System.Text.Json.Serialization;
using PreDemande.Core.Forms;
using PreDemande.Functions.Booking;
using PreDemande.Functions.Health;
using PreDemande.Functions.Mairie;
using PreDemande.Functions.Http;
using PreDemande.Functions.Instruction;
using PreDemande.Functions.Lodging;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Scheduling;
using PreDemande.Functions.Submission;

namespace PreDemande.Functions;

/// <summary>
/// Every type the app reads or writes as JSON, generated at build time (no reflection: Native AOT).
/// Numbers are read strictly (the web defaults would also read "168" as 168): a number sent as a
/// string is a type error, and the OpenAPI document types every integer as an integer alone.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.Strict, Converters = [typeof(UtcInstantConverter)])]
[JsonSerializable(typeof(PreApplicationForm))]
[JsonSerializable(typeof(PreDemande.Core.Lifecycle.PreApplicationStatus))]
[JsonSerializable(typeof(PreApplicationDocument))]
[JsonSerializable(typeof(SubmitResponse))]
[JsonSerializable(typeof(PreApplicationView))]
[JsonSerializable(typeof(PreDemande.Functions.Accounts.AccountPage))]
[JsonSerializable(typeof(PreDemande.Functions.Drafts.DraftSaved))]
[JsonSerializable(typeof(PreDemande.Functions.Drafts.DraftView))]
[JsonSerializable(typeof(MairieView))]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(BookingUnauthorized))]
[JsonSerializable(typeof(List<Appointment>))]
[JsonSerializable(typeof(Dictionary<string, BookingStatusView>))]
[JsonSerializable(typeof(AppointmentSuccess))]
[JsonSerializable(typeof(AppointmentRowCount))]
[JsonSerializable(typeof(SearchRequest))]
[JsonSerializable(typeof(SearchResponse))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonArray))]
[JsonSerializable(typeof(CorrectedForm))]
[JsonSerializable(typeof(LodgingState))]
[JsonSerializable(typeof(DepositRequest))]
[JsonSerializable(typeof(DepositResponse))]
[JsonSerializable(typeof(PreDemande.Functions.Reference.ComedecListBlob))]
[JsonSerializable(typeof(DossierMessage))]
[JsonSerializable(typeof(IReadOnlyList<StatusEvent>))]
[JsonSerializable(typeof(InstructionTask))]
[JsonSerializable(typeof(PreDemande.Functions.Notifications.NotificationRequest))]
[JsonSerializable(typeof(PreDemande.Functions.Notifications.ValidationResponse))]
[JsonSerializable(typeof(StatusChangeMessage))]
[JsonSerializable(typeof(EventRequest))]
[JsonSerializable(typeof(EventResponse))]
[JsonSerializable(typeof(PrefectureView))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, Dispatch>))]
[JsonSerializable(typeof(Dictionary<string, Dispatch>))]
[JsonSerializable(typeof(DueWork))]
// Never read or written: the OpenAPI document takes the schema of the account header's bound type
// from here before OperationContract writes the header's own (see OpenApiDocumentSetup).
[JsonSerializable(typeof(ApplicantAccount))]
internal sealed partial class AppJsonContext : JsonSerializerContext;
