using System.Reflection;
using Microsoft.Extensions.Logging;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Hosting;

/// <summary>The app's log events, as operators filter and alert on them.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class LogEventTests
{
    [Fact]
    public void Each_log_event_id_names_one_message_of_the_app()
    {
        var events = typeof(PreDemandeApp).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(method => (Method: method, Event: method.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(e => e.Event is not null)
            .ToList();

        var shared = events.GroupBy(e => e.Event!.EventId)
            .Where(group => group.Count() > 1)
            .Select(group => $"{group.Key}: {string.Join(", ", group.Select(e => $"{e.Method.DeclaringType!.Name}.{e.Method.Name}"))}")
            .ToList();

        Assert.True(events.Count > 50, $"Only {events.Count} log events found; the scan no longer sees the app's [LoggerMessage] methods.");
        Assert.True(shared.Count == 0, "Event ids used by more than one message:\n" + string.Join("\n", shared));
    }
}
