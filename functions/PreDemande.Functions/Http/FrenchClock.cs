namespace PreDemande.Functions.Http;

/// <summary>Dates of the form (age, "not in the future") are judged on the calendar of metropolitan France.</summary>
public static class FrenchClock
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(ToParis(time.GetUtcNow()));

    public static DateTime ToParis(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Paris).DateTime;
}
