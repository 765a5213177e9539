using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.Scheduling;
using PreDemande.Functions.Storage;

using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Scheduling;

/// <summary>
/// The handlers of the due tasks as the app registers them, and the worker's refusal of a task
/// it cannot do; without storage (the app is built, not started: nothing connects).
/// </summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class DueTaskHandlerTests
{
    private const string DevelopmentStorage = "UseDevelopmentStorage=true";

    private static readonly DueTask[] AllTasks = Enum.GetValues<DueTask>();

    [Fact]
    public async Task Each_due_task_has_exactly_one_handler_in_the_app()
    {
        await using var app = BuildApp();

        var registrations = app.Services.GetServices<DueTaskRegistration>().ToArray();

        Assert.Empty(DueTaskHandlers.Problems(registrations));
        Assert.Equal(AllTasks, registrations.Select(r => r.Task).Order());
    }

    [Fact]
    public async Task Each_due_task_handler_of_the_app_is_built_from_the_app_services()
    {
        await using var app = BuildApp();
        var handlers = app.Services.GetRequiredService<DueTaskHandlers>();

        Assert.All(AllTasks, task => Assert.NotNull(handlers.For(task)));
    }

    [Fact]
    public async Task The_morning_timer_hands_on_only_the_work_that_writes_to_people()
    {
        await using var app = BuildApp();

        var morning = app.Services.GetRequiredService<DueTaskHandlers>().TasksOf(DueWindow.Morning);

        Assert.Equal([DueTask.Reminder, DueTask.DraftWarning], morning);
    }

    [Fact]
    public async Task The_night_timer_hands_on_every_other_due_task()
    {
        await using var app = BuildApp();

        var night = app.Services.GetRequiredService<DueTaskHandlers>().TasksOf(DueWindow.Night);

        Assert.Equal(AllTasks.Except([DueTask.Reminder, DueTask.DraftWarning]), night);
    }

    [Fact]
    public void A_due_task_without_a_handler_is_named_as_a_problem()
    {
        var registrations = AllTasks.Where(task => task != DueTask.Quarantine).Select(Registration);

        var problems = DueTaskHandlers.Problems(registrations);

        Assert.Equal(["The due task Quarantine has no handler."], problems);
    }

    [Fact]
    public void A_due_task_with_two_handlers_is_named_as_a_problem()
    {
        var registrations = AllTasks.Append(DueTask.Purge).Select(Registration);

        var problems = DueTaskHandlers.Problems(registrations);

        Assert.Equal(["The due task Purge has 2 handlers; it must have one."], problems);
    }

    [Fact]
    public async Task The_app_does_not_start_while_a_due_task_has_no_handler()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton(StorageClients.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection([new(StorageClients.Setting, DevelopmentStorage)]).Build()));
        builder.Services.AddScheduling();
        foreach (var task in AllTasks.Where(task => task != DueTask.DraftExpiry))
        {
            builder.Services.AddSingleton(Registration(task));
        }

        using var host = builder.Build();

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("The due task DraftExpiry has no handler.", refused.Failures);
    }

    [Fact]
    public async Task A_message_of_a_due_task_without_a_handler_fails_the_invocation()
    {
        await using var app = BuildApp();
        var worker = app.Services.GetRequiredService<DueWorker>();

        await Assert.ThrowsAsync<InvalidInvocationException>(() => worker.WorkAsync("""{"task":99,"day":"2026-12-01","shard":3}""", CancellationToken.None));
    }

    [Fact]
    public void The_due_worker_takes_at_most_five_dependencies()
    {
        var parameters = typeof(DueWorker).GetConstructors().Single().GetParameters();

        Assert.InRange(parameters.Length, 1, 5);
    }

    private static WebApplication BuildApp() => PreDemandeApp.Build([$"--{StorageClients.Setting}={DevelopmentStorage}"]);

    private static DueTaskRegistration Registration(DueTask task) => new(task, DueWindow.Night, _ => new Done());

    private sealed class Done : IDueTaskHandler
    {
        public Task<bool> HandleAsync(DueItem item, CancellationToken cancellationToken) => Task.FromResult(true);
    }
}
