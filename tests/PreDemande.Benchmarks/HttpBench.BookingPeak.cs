using System.Diagnostics;
using System.Globalization;
using System.Net;

/// <summary>
/// The booking row (<c>--booking-peak</c>): the national peak hour of booking status calls (83
/// calls/s, each of 10 numbers, from one booking tool: issue 32's replay) sent open-loop at that
/// rate to the app on its default rate limits, then to the app on the old booking default (20/s,
/// burst 40); the 429s of each. Real clock: a figure, not a test (the test RateLimitSizingTests
/// counts the same on the bucket's arithmetic).
/// </summary>
internal sealed partial class HttpBench
{
    private const double BookingPeakPerSecond = 83;

    /// <summary>Only the booking row (<c>--booking-peak</c>).</summary>
    public bool BookingPeakOnly { get; init; }

    /// <summary>The booking tool's limit for the next app started (null: the app's defaults).</summary>
    private (int PermitsPerSecond, int Burst)? _bookingLimit;

    /// <summary>Whether the next app started keeps its rate limits (the other rows lift them).</summary>
    private bool _keepRateLimits;

    private async Task BookingPeakAsync(string root, byte[] form)
    {
        var calls = (int)Math.Round(BookingPeakPerSecond * duration.TotalSeconds);
        foreach (var limit in new (int PermitsPerSecond, int Burst)?[] { null, (20, 40) })
        {
            (_keepRateLimits, _bookingLimit) = (true, limit);
            await StartAsync(root, triggers: false);
            var numbers = new List<string>();
            for (var n = 0; n < 10; n++)
            {
                using var submitted = await SendAsync(HttpMethod.Post, "/api/predemandes", "X-Api-Key", "bench-portal-key", form);
                numbers.Add(System.Text.Json.JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("number").GetString()!);
            }

            var path = $"/api/status?application_ids={string.Join(',', numbers)}";
            await Task.Delay(TimeSpan.FromSeconds(3)); // a full bucket
            var statuses = await ReplayAsync(path, calls);
            await StopAsync();
            var limited = statuses.Count(s => s == HttpStatusCode.TooManyRequests);
            Rows.Add([
                $"booking status, {BookingPeakPerSecond:F0} calls/s of 10 numbers from one tool, {calls} calls, booking limit {(limit is { } old ? $"{old.PermitsPerSecond}/s burst {old.Burst} (old default)" : "default")}",
                string.Create(CultureInfo.InvariantCulture, $"{limited} answered 429, {statuses.Count(s => s == HttpStatusCode.OK)} answered 200, {statuses.Count(s => s is not (HttpStatusCode.OK or HttpStatusCode.TooManyRequests or 0))} other, {statuses.Count(s => s == 0)} unanswered in 30 s"),
                string.Empty,
                string.Empty,
                limit is null ? (limited == 0 ? "0 × 429 ✓" : "0 × 429 ✗") : "—",
            ]);
        }

        (_keepRateLimits, _bookingLimit) = (false, null);
    }

    // Open loop: call i leaves at i / rate seconds, whatever the answers before it.
    private async Task<HttpStatusCode[]> ReplayAsync(string path, int calls)
    {
        var clock = Stopwatch.StartNew();
        var sent = new List<Task<HttpStatusCode>>(calls);
        for (var i = 0; i < calls; i++)
        {
            var due = TimeSpan.FromSeconds(i / BookingPeakPerSecond) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }

            sent.Add(StatusAsync(path));
        }

        return await Task.WhenAll(sent);
    }

    // The status answered, or 0 when none came within the client's timeout (a machine too busy to keep up).
    private async Task<HttpStatusCode> StatusAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_app, path));
        request.Headers.Add("x-rdv-opt-auth-token", "bench-booking-key");
        try
        {
            using var response = await _http.SendAsync(request);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
        catch (TaskCanceledException)
        {
            return 0;
        }
    }
}
