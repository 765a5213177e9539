using System.Text.Json;
using Azure.Storage.Blobs.Models;

namespace PreDemande.LocalHost;

/// <summary>
/// A blob trigger's <c>Properties</c> binding data as the host writes it: Newtonsoft's
/// <c>JObject.FromObject(BlobProperties)</c>, every public property in declaration order, enums
/// as numbers, <c>ETag</c> as <c>{}</c> (<c>Azure.ETag</c> has no public member).
/// Triggers must not trust <c>ETag</c> from it; the size is <c>ContentLength</c>.
/// </summary>
internal static class BlobPropertiesJson
{
    public static void Write(Utf8JsonWriter writer, BlobProperties p)
    {
        Instant(writer, "LastModified", p.LastModified);
        Instant(writer, "CreatedOn", p.CreatedOn);
        WriteMetadata(writer, "Metadata", p.Metadata);
        writer.WriteString("ObjectReplicationDestinationPolicyId", p.ObjectReplicationDestinationPolicyId);
        writer.WriteNull("ObjectReplicationSourceProperties");
        writer.WriteNumber("BlobType", (int)p.BlobType);
        Instant(writer, "CopyCompletedOn", p.CopyCompletedOn);
        writer.WriteString("CopyStatusDescription", p.CopyStatusDescription);
        writer.WriteString("CopyId", p.CopyId);
        writer.WriteString("CopyProgress", p.CopyProgress);
        writer.WriteString("CopySource", p.CopySource?.ToString());
#pragma warning disable CS0618 // written by the host as BlobProperties has it, obsolete or not
        writer.WriteNumber("CopyStatus", (int)p.CopyStatus);
#pragma warning restore CS0618
        Nullable(writer, "BlobCopyStatus", p.BlobCopyStatus is { } copy ? (int)copy : null);
        writer.WriteBoolean("IsIncrementalCopy", p.IsIncrementalCopy);
        writer.WriteString("DestinationSnapshot", p.DestinationSnapshot);
        writer.WriteNumber("LeaseDuration", (int)p.LeaseDuration);
        writer.WriteNumber("LeaseState", (int)p.LeaseState);
        writer.WriteNumber("LeaseStatus", (int)p.LeaseStatus);
        writer.WriteNumber("ContentLength", p.ContentLength);
        writer.WriteString("ContentType", p.ContentType);
        writer.WriteStartObject("ETag"); // Azure.ETag: no public member
        writer.WriteEndObject();
        writer.WriteString("ContentHash", p.ContentHash is null ? null : Convert.ToBase64String(p.ContentHash));
        writer.WriteString("ContentEncoding", p.ContentEncoding);
        writer.WriteString("ContentDisposition", p.ContentDisposition);
        writer.WriteString("ContentLanguage", p.ContentLanguage);
        writer.WriteString("CacheControl", p.CacheControl);
        writer.WriteNumber("BlobSequenceNumber", p.BlobSequenceNumber);
        writer.WriteString("AcceptRanges", p.AcceptRanges);
        writer.WriteNumber("BlobCommittedBlockCount", p.BlobCommittedBlockCount);
        writer.WriteBoolean("IsServerEncrypted", p.IsServerEncrypted);
        writer.WriteString("EncryptionKeySha256", p.EncryptionKeySha256);
        writer.WriteString("EncryptionScope", p.EncryptionScope);
        writer.WriteString("AccessTier", p.AccessTier);
        writer.WriteBoolean("AccessTierInferred", p.AccessTierInferred);
        writer.WriteString("ArchiveStatus", p.ArchiveStatus);
        Instant(writer, "AccessTierChangedOn", p.AccessTierChangedOn);
        writer.WriteString("SmartAccessTier", p.SmartAccessTier);
        writer.WriteString("VersionId", p.VersionId);
        writer.WriteBoolean("IsLatestVersion", p.IsLatestVersion);
        writer.WriteNumber("TagCount", p.TagCount);
        Instant(writer, "ExpiresOn", p.ExpiresOn);
        writer.WriteBoolean("IsSealed", p.IsSealed);
        writer.WriteString("RehydratePriority", p.RehydratePriority);
        Instant(writer, "LastAccessed", p.LastAccessed);
        if (p.ImmutabilityPolicy is { } policy)
        {
            writer.WriteStartObject("ImmutabilityPolicy");
            if (policy.ExpiresOn is { } expires)
            {
                Instant(writer, "ExpiresOn", expires);
            }
            else
            {
                writer.WriteNull("ExpiresOn");
            }

            Nullable(writer, "PolicyMode", policy.PolicyMode is { } mode ? (int)mode : null);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("ImmutabilityPolicy");
        }

        writer.WriteBoolean("HasLegalHold", p.HasLegalHold);
    }

    public static void WriteMetadata(Utf8JsonWriter writer, string name, IDictionary<string, string>? metadata)
    {
        if (metadata is null)
        {
            writer.WriteNull(name);
            return;
        }

        writer.WriteStartObject(name);
        foreach (var (key, value) in metadata)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }

    private static void Instant(Utf8JsonWriter writer, string name, DateTimeOffset value) => writer.WriteString(name, HostPayloads.NestedInstant(value));

    private static void Nullable(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
