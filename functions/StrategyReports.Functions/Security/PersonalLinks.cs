using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using StrategyReports.Functions.Storage;

namespace StrategyReports.Functions.Security;

/// <summary>Settings of personal links: <c>Links:SigningKey</c>, at least 32 characters, never in source for production.</summary>
public sealed class PersonalLinkOptions
{
    public const string Section = "Links";

    public const int MinimumKeyLength = 32;

    public string? SigningKey { get; set; }
}

/// <summary>An issued personal link as admins list it; the token itself is only shown once, when issued.</summary>
public sealed record PersonalLink(string Id, string PartnershipId, string PartnerId, DateTimeOffset IssuedAt, string IssuedBy, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt);

/// <summary>Why a token did not open the form.</summary>
public enum LinkRefusal
{
    None,

    /// <summary>Not a token we signed, or changed since: 403.</summary>
    Tampered,

    /// <summary>Past its expiry: 410.</summary>
    Expired,

    /// <summary>Withdrawn by an admin: 410.</summary>
    Revoked,
}

/// <summary>What a token is good for, once its signature, expiry and revocation are checked.</summary>
public sealed record LinkCheck(LinkRefusal Refusal, PersonalLink? Link)
{
    public bool IsValid => Refusal == LinkRefusal.None && Link is not null;
}

/// <summary>
/// Personal links for returns officers without an NHS login: an HMAC-SHA256-signed token carrying the link id,
/// partnership, partner and expiry, so a link cannot be widened or extended, plus a row per link in table
/// <c>personallinks</c> (PartitionKey partnership, RowKey link id) so a link can be revoked before it expires.
/// </summary>
public sealed class PersonalLinks
{
    public const string TableName = "personallinks";

    /// <summary>A link lasts this long unless the admin asks for less.</summary>
    public const int DefaultDays = 90;

    /// <summary>Longer-lived links are longer-lived credentials: a new quarter can have a new link.</summary>
    public const int MaximumDays = 90;

    /// <summary>Tokens are a few hundred characters; anything longer is not ours and is not worth hashing.</summary>
    public const int MaximumTokenLength = 512;

    private const string TokenVersion = "v1";

    private readonly TableClient _table;
    private readonly IOptions<PersonalLinkOptions> _options;
    private readonly TimeProvider _time;
    private readonly InitialiseOnce _created;

    public PersonalLinks(TableServiceClient tables, IOptions<PersonalLinkOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _table = tables.GetTableClient(TableName);
        _options = options;
        _time = time;
        _created = new(cancellationToken => _table.CreateIfNotExistsAsync(cancellationToken));
    }

    /// <summary>Issues a link and returns it with its token (the only time the token is available).</summary>
    public async Task<(PersonalLink Link, string Token)> IssueAsync(string partnershipId, string partnerId, int expiresInDays, string issuedBy, CancellationToken cancellationToken = default)
    {
        await _created.EnsureAsync(cancellationToken);
        var now = _time.GetUtcNow();
        // Whole seconds, so the expiry in the token and in the table are the same instant.
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(now.AddDays(expiresInDays).ToUnixTimeSeconds());
        var link = new PersonalLink(Guid.NewGuid().ToString("N"), partnershipId, partnerId, now, issuedBy, expiresAt, null);
        var row = new TableEntity(partnershipId, link.Id)
        {
            ["PartnerId"] = partnerId,
            ["IssuedAt"] = now,
            ["IssuedBy"] = issuedBy,
            ["ExpiresAt"] = expiresAt,
        };
        TableLimits.Require(row, new Dictionary<string, string> { [nameof(TableEntity.PartitionKey)] = "partnershipId", ["PartnerId"] = "partnerId", ["IssuedBy"] = "issuedBy" });
        await _table.AddEntityAsync(row, cancellationToken);
        return (link, Sign(link));
    }

    public async Task<IReadOnlyList<PersonalLink>> ListAsync(string partnershipId, CancellationToken cancellationToken = default)
    {
        await _created.EnsureAsync(cancellationToken);
        var links = new List<PersonalLink>();
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partnershipId}"), cancellationToken: cancellationToken))
        {
            links.Add(FromEntity(row));
        }

        return [.. links.OrderBy(link => link.IssuedAt)];
    }

    /// <summary>Revokes a link; false when there is no such link. Revoking twice keeps the first time.</summary>
    public async Task<bool> RevokeAsync(string partnershipId, string linkId, CancellationToken cancellationToken = default)
    {
        await _created.EnsureAsync(cancellationToken);
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(partnershipId, linkId, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return false;
        }

        if (row.Value!.GetDateTimeOffset("RevokedAt") is null)
        {
            row.Value["RevokedAt"] = _time.GetUtcNow();
            await _table.UpdateEntityAsync(row.Value, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }

        return true;
    }

    /// <summary>Checks a token: signature first (nothing is looked up for a forged one), then expiry, then revocation.</summary>
    public async Task<LinkCheck> CheckAsync(string token, CancellationToken cancellationToken = default)
    {
        var claims = Verify(token);
        if (claims is null)
        {
            return new LinkCheck(LinkRefusal.Tampered, null);
        }

        var (linkId, partnershipId, partnerId, expiresAt) = claims.Value;
        return _time.GetUtcNow() >= expiresAt
            ? new LinkCheck(LinkRefusal.Expired, null)
            : await CheckIssuedAsync(partnershipId, linkId, partnerId, cancellationToken);
    }

    /// <summary>Checks a link a session names (its token already checked when the session began): still issued, unexpired, unrevoked.</summary>
    public async Task<LinkCheck> CheckIssuedAsync(string partnershipId, string linkId, string partnerId, CancellationToken cancellationToken = default)
    {
        await _created.EnsureAsync(cancellationToken);
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(partnershipId, linkId, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return new LinkCheck(LinkRefusal.Revoked, null);
        }

        var link = FromEntity(row.Value!);
        if (_time.GetUtcNow() >= link.ExpiresAt)
        {
            return new LinkCheck(LinkRefusal.Expired, null);
        }

        return link.RevokedAt is not null || link.PartnerId != partnerId
            ? new LinkCheck(LinkRefusal.Revoked, null)
            : new LinkCheck(LinkRefusal.None, link);
    }

    /// <summary>
    /// The value the form carries in a hidden field and must send back: only a page this app rendered for
    /// this link has it, so a form posted from anywhere else is refused.
    /// </summary>
    public string FormProof(PersonalLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        return Base64Url(Mac($"form|{link.Id}"));
    }

    public bool IsFormProof(PersonalLink link, string? proof) =>
        proof is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(FormProof(link)), Encoding.ASCII.GetBytes(proof));

    private string Sign(PersonalLink link)
    {
        var payload = string.Join('|', TokenVersion, link.Id, link.PartnershipId, link.PartnerId, link.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        return $"{Base64Url(Encoding.UTF8.GetBytes(payload))}.{Base64Url(Mac(payload))}";
    }

    private (string LinkId, string PartnershipId, string PartnerId, DateTimeOffset ExpiresAt)? Verify(string token)
    {
        if (token.Length > MaximumTokenLength || token.Split('.') is not [var payloadPart, var macPart])
        {
            return null;
        }

        byte[] payloadBytes, mac;
        try
        {
            payloadBytes = System.Buffers.Text.Base64Url.DecodeFromChars(payloadPart);
            mac = System.Buffers.Text.Base64Url.DecodeFromChars(macPart);
        }
        catch (FormatException)
        {
            return null;
        }

        var payload = Encoding.UTF8.GetString(payloadBytes);
        if (!CryptographicOperations.FixedTimeEquals(Mac(payload), mac))
        {
            return null;
        }

        return payload.Split('|') is [TokenVersion, var linkId, var partnershipId, var partnerId, var expires]
            && long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? (linkId, partnershipId, partnerId, DateTimeOffset.FromUnixTimeSeconds(seconds))
            : null;
    }

    private byte[] Mac(string text)
    {
        var key = _options.Value.SigningKey;
        if (string.IsNullOrEmpty(key) || key.Length < PersonalLinkOptions.MinimumKeyLength)
        {
            throw new InvalidOperationException($"Personal links need the setting Links:SigningKey (at least {PersonalLinkOptions.MinimumKeyLength} characters).");
        }

        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(text));
    }

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    private static PersonalLink FromEntity(TableEntity row) => new(
        row.RowKey,
        row.PartitionKey,
        row.GetString("PartnerId") ?? "",
        row.GetDateTimeOffset("IssuedAt") ?? DateTimeOffset.MinValue,
        row.GetString("IssuedBy") ?? "",
        row.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MinValue,
        row.GetDateTimeOffset("RevokedAt"));
}
