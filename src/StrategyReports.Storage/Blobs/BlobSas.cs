using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace StrategyReports.Storage.Blobs;

/// <summary>
/// Blob service SAS tokens for one blob (signed resource <c>b</c>), in the string-to-sign layout of
/// service version 2020-12-06 and later.
/// </summary>
internal static class BlobSas
{
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Permissions(BlobSasPermissions permissions)
    {
        if (permissions == 0)
        {
            throw new ArgumentException("A SAS needs at least one permission.", nameof(permissions));
        }

        // The service requires this fixed order.
        var text = new StringBuilder();
        if (permissions.HasFlag(BlobSasPermissions.Read))
        {
            text.Append('r');
        }

        if (permissions.HasFlag(BlobSasPermissions.Add))
        {
            text.Append('a');
        }

        if (permissions.HasFlag(BlobSasPermissions.Create))
        {
            text.Append('c');
        }

        if (permissions.HasFlag(BlobSasPermissions.Write))
        {
            text.Append('w');
        }

        if (permissions.HasFlag(BlobSasPermissions.Delete))
        {
            text.Append('d');
        }

        return text.ToString();
    }

    /// <summary>A service SAS query signed with the account key.</summary>
    public static string ServiceSas(StorageSharedKeyCredential credential, string container, string blob, BlobSasPermissions permissions, DateTimeOffset expiresOn, bool httpsOnly)
    {
        var sp = Permissions(permissions);
        var se = FormatTime(expiresOn);
        var spr = httpsOnly ? "https" : "https,http";
        const string sv = BlobClientOptions.ServiceVersion;
        var stringToSign = string.Join(
            '\n',
            sp, string.Empty, se, $"/blob/{credential.AccountName}/{container}/{blob}",
            string.Empty, string.Empty, spr, sv, "b",
            string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty);
        var signature = credential.ComputeHmacSha256(stringToSign);
        return Query(("sv", sv), ("spr", spr), ("se", se), ("sr", "b"), ("sp", sp), ("sig", signature));
    }

    /// <summary>A user-delegation SAS query signed with a key the service issued to an Entra ID identity.</summary>
    public static string UserDelegationSas(UserDelegationKey key, string accountName, string container, string blob, BlobSasPermissions permissions, DateTimeOffset expiresOn, bool httpsOnly)
    {
        var sp = Permissions(permissions);
        var se = FormatTime(expiresOn);
        var spr = httpsOnly ? "https" : "https,http";
        var skt = FormatTime(key.SignedStartsOn);
        var ske = FormatTime(key.SignedExpiresOn);
        const string sv = BlobClientOptions.ServiceVersion;
        var stringToSign = string.Join(
            '\n',
            sp, string.Empty, se, $"/blob/{accountName}/{container}/{blob}",
            key.SignedObjectId, key.SignedTenantId, skt, ske, key.SignedService, key.SignedVersion,
            string.Empty, string.Empty, string.Empty, // saoid, suoid, scid
            string.Empty, spr, sv, "b",
            string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(key.Value), Encoding.UTF8.GetBytes(stringToSign)));
        return Query(
            ("sv", sv), ("spr", spr), ("se", se), ("sr", "b"), ("sp", sp),
            ("skoid", key.SignedObjectId), ("sktid", key.SignedTenantId), ("skt", skt), ("ske", ske),
            ("sks", key.SignedService), ("skv", key.SignedVersion), ("sig", signature));
    }

    private static string Query(params (string Name, string Value)[] parameters) =>
        string.Join('&', parameters.Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value)}"));
}
