namespace PreDemande.Functions.Tests.Infrastructure;

/// <summary>Waits for an asynchronous effect (a trigger firing) instead of sleeping a fixed time.</summary>
public static class Eventually
{
    public static Task<T> Async<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout) => Async(probe, done, timeout, () => string.Empty);

    /// <summary>As above; when the condition is not met, the message ends with <paramref name="context"/> (a process's output).</summary>
    public static async Task<T> Async<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, Func<string> context)
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
                Assert.Fail($"Condition not met within {timeout.TotalSeconds} s; last value: {value}\n{context()}");
            }

            await Task.Delay(100);
        }
    }
}
