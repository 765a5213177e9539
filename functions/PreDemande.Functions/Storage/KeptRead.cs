namespace PreDemande.Functions.Storage;

/// <summary>
/// Reference data read from storage and kept in memory (the 2D-Doc trust list, the COMEDEC list):
/// read again once the interval has passed since the last read, by one caller while the others
/// wait, so an instance reads it once per interval whatever its traffic. The read is given the
/// value read before, to keep it when storage fails or to skip an unchanged blob; what it answers
/// is kept for the next interval.
/// </summary>
public sealed class KeptRead<T>(TimeProvider time, Func<TimeSpan> interval) : IDisposable
    where T : class
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile Entry? kept;

    private sealed record Entry(T Value, DateTimeOffset ReadAt);

    /// <summary>The kept value while it is fresh, else the one <paramref name="read"/> answers.</summary>
    public async Task<T> GetAsync(Func<T?, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        if (Fresh() is { } fresh)
        {
            return fresh;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } readMeanwhile)
            {
                return readMeanwhile;
            }

            var value = await read(kept?.Value, cancellationToken);
            kept = new Entry(value, time.GetUtcNow());
            return value;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Makes the next <see cref="GetAsync"/> read again (after the operator stored new data).</summary>
    public void Invalidate()
    {
        if (kept is { } entry)
        {
            kept = entry with { ReadAt = DateTimeOffset.MinValue };
        }
    }

    public void Dispose() => gate.Dispose();

    private T? Fresh() => kept is { } entry && time.GetUtcNow() - entry.ReadAt < interval() ? entry.Value : null;
}
