using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Host;
using Microsoft.Azure.WebJobs.Host.Executors;

namespace PreDemande.LocalHost;

/// <summary>
/// The custom-handler bridge: what the SDK hands a function becomes the body the Functions host
/// posts to a custom handler (<see cref="HostPayloads"/>), sent as <c>POST /{FunctionName}</c>
/// (<see cref="AppInvoker"/>). An answer other than 2xx throws, so that the SDK counts a failed
/// invocation (retry, then poison). The base of the type <see cref="FunctionTypes"/> emits; one
/// instance per invocation, given its functions by <see cref="Activator"/>.
/// </summary>
public abstract class HostFunctions
{
    private Bridge? _bridge;
    private string? _messageId;

    public Task InvokeAsync(string name, object[] arguments, CancellationToken cancellationToken) =>
        (_bridge ?? throw new InvalidOperationException("Created outside the stand-in host's activator.")).InvokeAsync(name, arguments, _messageId, cancellationToken);

    /// <summary>The functions by name, the invoker, the clock and the record of held messages of one stand-in host.</summary>
    public sealed class Bridge(IReadOnlyList<HostedFunction> functions, AppInvoker app, TimeProvider time, InFlightMessages inFlight)
    {
        private readonly Dictionary<string, HostedFunction> _functions = functions.ToDictionary(f => f.Name, StringComparer.Ordinal);

        /// <param name="messageId">The queue message that triggered the invocation (queue and blob triggers): once the app has handled it, a stop deletes it rather than hands it back.</param>
        public async Task InvokeAsync(string name, object[] arguments, string? messageId, CancellationToken cancellationToken)
        {
            var function = _functions[name];
            var payload = function.Kind switch
            {
                TriggerKind.Queue => HostPayloads.Queue(name, (QueueMessage)arguments[0], time.GetUtcNow()),
                TriggerKind.Blob => Blob(function, arguments),
                TriggerKind.Timer => Timer(name, (TimerInfo)arguments[0]),
                _ => throw new ArgumentOutOfRangeException(nameof(name), function.Kind, "not a trigger the stand-in host runs"),
            };
            if (!await app.InvokeAsync(function, payload, cancellationToken))
            {
                cancellationToken.ThrowIfCancellationRequested(); // stopping: neither a success nor a failure counted
                throw new FunctionFailedException(name);
            }

            if (messageId is not null)
            {
                inFlight.Handled(messageId);
            }
        }

        private static byte[] Blob(HostedFunction function, object[] arguments)
        {
            var parameters = FunctionTypes.PathParameters(function.BlobPattern)
                .Select((parameter, i) => (parameter, value: (string)arguments[1 + FunctionTypes.BlobBindingData.Length + i]))
                .ToDictionary(p => p.parameter, p => p.value, StringComparer.Ordinal);
            return HostPayloads.Blob(function.Name, (byte[])arguments[0], parameters, (Uri)arguments[1], (BlobProperties)arguments[2]);
        }

        private byte[] Timer(string name, TimerInfo timer)
        {
            var now = time.GetUtcNow();
            var status = timer.ScheduleStatus;
            var next = status is null ? timer.Schedule.GetNextOccurrence(now.UtcDateTime) : status.Next;
            return HostPayloads.Timer(name, status is null ? now : Utc(status.Last), Utc(next), timer.IsPastDue);
        }

        // The SDK's schedule times are DateTime, local or UTC by where they came from.
        private static DateTimeOffset Utc(DateTime instant) => new(instant.ToUniversalTime(), TimeSpan.Zero);
    }

    /// <summary>The SDK's activator for the emitted type: each instance is given the host's bridge and the id of the message that triggered it.</summary>
    public sealed class Activator(Bridge bridge) : IJobActivatorEx
    {
        public T CreateInstance<T>() => Create<T>(null);

        public T CreateInstance<T>(IFunctionInstanceEx functionInstance) =>
            Create<T>(functionInstance.TriggerDetails is { } details && details.TryGetValue("MessageId", out var id) ? id : null);

        private T Create<T>(string? messageId)
        {
            var instance = System.Activator.CreateInstance<T>();
            var functions = instance as HostFunctions ?? throw new InvalidOperationException($"{typeof(T)} is not a function type of the stand-in host");
            (functions._bridge, functions._messageId) = (bridge, messageId);
            return instance;
        }
    }

    /// <summary>The app answered an invocation with a failure, lost the connection, or did not answer within functionTimeout.</summary>
    public sealed class FunctionFailedException(string function) : Exception($"The app failed the invocation of {function} (see the stand-in host's log).");
}
