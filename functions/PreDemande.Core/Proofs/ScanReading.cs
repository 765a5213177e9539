using System.Text.Json;
using System.Text.Json.Serialization;

namespace PreDemande.Core.Proofs;

/// <summary>What reading a scan for codes gave.</summary>
[JsonConverter(typeof(ScanReadingJsonConverter))]
public enum ScanReading
{
    /// <summary>At least one DataMatrix code was decoded.</summary>
    Found,

    /// <summary>Every image of the scan was read and holds no code: the agent checks the document by eye.</summary>
    NoneFound,

    /// <summary>An image is larger than the pixel limit: not read.</summary>
    TooLarge,

    /// <summary>The time limit ran out before every image was read.</summary>
    TimedOut,

    /// <summary>The scan has no image this reader decodes (a PDF drawn as vectors, a CCITT or JBIG2 image, a broken file).</summary>
    Unreadable,
}

/// <summary>Writes and reads a scan reading as its camelCase name.</summary>
public sealed class ScanReadingJsonConverter() : JsonStringEnumConverter<ScanReading>(JsonNamingPolicy.CamelCase, allowIntegerValues: false);
