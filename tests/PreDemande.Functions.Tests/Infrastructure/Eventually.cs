namespace PreDemande.Functions.Tests.Infrastructure;

/// <summary>Waits for an asynchronous effect (a trigger firing) instead of sleeping a fixed time.</summary>
public static class Eventually
{
    /// <param name="context">When the condition is not met, what the message ends with (a process's output).</param>
    public static async Task<T> Async<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, Func<string>? context = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Condition not met within {timeout.TotalSeconds} s; last value: {value}\n{context?.Invoke()}");
            }

            await Task.Delay(100);
        }
    }
}
