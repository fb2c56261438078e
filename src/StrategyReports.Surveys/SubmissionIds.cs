using System.Security.Cryptography;
using System.Text;

namespace StrategyReports.Surveys;

/// <summary>The ids a response is stored under when its submission carries a key of the respondent's client.</summary>
/// <param name="ResponseId">The permanent id, in the sealed payload: readers count an id once, so a retry stored again is not counted twice.</param>
/// <param name="StagingKey">The staging row's key where the response is staged on a row of its own, so a retry meets its earlier row.</param>
public sealed record SubmissionIdentity(string ResponseId, string StagingKey);

/// <summary>
/// Turns a submission key (a survey page's hidden submission id, or an API client's
/// <c>Idempotency-Key</c>) into the ids its response is stored under, so a retry after a lost answer
/// stores nothing new.
/// </summary>
/// <remarks>
/// The ids are an HMAC under a key derived from the service's survey secret: nobody who reads storage
/// can tell them from random ids, nor find a response from a key a client chose. They also cover the
/// answers, so a key reused for different answers makes a different response, never a silently lost one.
/// The day is left out, so a retry just after midnight is still the same submission.
/// </remarks>
public sealed class SubmissionIds
{
    private const int IdBytes = 16;

    private readonly byte[] _key;

    /// <param name="secret">The service's survey secret; a distinct key is derived from it for this use alone.</param>
    public SubmissionIds(ReadOnlySpan<byte> secret)
    {
        if (secret.IsEmpty)
        {
            throw new ArgumentException("A secret is required to derive submission ids.", nameof(secret));
        }

        _key = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, _key, salt: [], info: "StrategyReports survey submission ids v1"u8);
    }

    /// <param name="partition">The survey's staging partition, so one key used in two surveys makes two responses.</param>
    public SubmissionIdentity For(string partition, string submissionKey, SurveyResponse response)
    {
        ArgumentNullException.ThrowIfNull(partition);
        ArgumentNullException.ThrowIfNull(submissionKey);
        ArgumentNullException.ThrowIfNull(response);
        var material = Encoding.UTF8.GetBytes(string.Join('\0', partition, submissionKey, (response with { Day = DateOnly.MinValue }).ToJson()));
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, material, mac);
        return new SubmissionIdentity(Convert.ToHexStringLower(mac[..IdBytes]), Convert.ToHexStringLower(mac[IdBytes..]));
    }
}
