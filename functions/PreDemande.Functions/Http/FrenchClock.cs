namespace PreDemande.Functions.Http;

/// <summary>Dates of the form (age, "not in the future") are judged on the calendar of metropolitan France.</summary>
public static class FrenchClock
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static DateOnly Today(TimeProvider time) => DateOf(time.GetUtcNow());

    /// <summary>The day in France at that instant.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(ToParis(instant));

    public static DateTime ToParis(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Paris).DateTime;

    /// <summary>The instant of a wall-clock time in Paris (the later one when a time exists twice in autumn).</summary>
    public static DateTimeOffset FromParis(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        var offset = Paris.IsAmbiguousTime(unspecified) ? Paris.GetAmbiguousTimeOffsets(unspecified).Min() : Paris.GetUtcOffset(unspecified);
        return new DateTimeOffset(unspecified, offset).ToUniversalTime();
    }
}
