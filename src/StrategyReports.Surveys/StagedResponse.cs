using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace StrategyReports.Surveys;

/// <summary>
/// A response waiting for its batch: everything its permanent row is written from when the batch is
/// flushed, including the random id that row will have.
/// </summary>
/// <remarks>
/// The permanent id travels inside the sealed payload, never beside it: whoever reads the staging
/// rows can't tell which permanent row a staged one became, and a flush that is repeated after a
/// crash writes the same row again rather than a second one.
/// </remarks>
/// <param name="Id">The permanent row's random id, chosen when the response arrives.</param>
/// <param name="Held">Part of a burst into one partner group: kept for the admin, never counted.</param>
public sealed record StagedResponse(string Id, SurveyResponse Response, bool Held)
{
    /// <summary>A new random id: 32 hex digits, never time-ordered.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}

/// <summary>
/// Seals staged responses with AES-GCM under a key derived (HKDF-SHA-256) from the service's survey
/// secret, each padded to one of a few fixed sizes first.
/// </summary>
/// <remarks>
/// Staging rows are stamped by storage with the moment they were written, so what they hold must
/// say nothing: not the answers, not the partner, not even the length of a comment beyond which of
/// <see cref="Buckets"/> it fits. The survey's partition is bound in as associated data, so a sealed
/// response moved to another survey's partition fails to open.
/// </remarks>
public sealed class ResponseSeal
{
    /// <summary>The plaintext sizes a sealed response is padded to: nearly every response fits the first.</summary>
    public static readonly IReadOnlyList<int> Buckets = [1024, 4 * 1024, 16 * 1024, 64 * 1024, 128 * 1024];

    /// <summary>What sealing adds to the padded plaintext: the nonce in front, the tag behind.</summary>
    public const int Overhead = NonceSize + TagSize;

    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int LengthPrefix = 4;
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private readonly byte[] _key;

    /// <param name="secret">The service's survey secret; a distinct key is derived from it for this use alone.</param>
    public ResponseSeal(ReadOnlySpan<byte> secret)
    {
        if (secret.IsEmpty)
        {
            throw new ArgumentException("A secret is required to seal staged responses.", nameof(secret));
        }

        _key = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, _key, salt: [], info: "StrategyReports staged survey responses v1"u8);
    }

    /// <summary>The nonce, the ciphertext of the padded payload, and the tag: always a bucket's size plus <see cref="Overhead"/>.</summary>
    public byte[] Seal(StagedResponse staged, string partition)
    {
        ArgumentNullException.ThrowIfNull(staged);
        var payload = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Payload(staged.Id, staged.Response.ToJson(), staged.Held), JsonOptions));
        var size = Buckets.FirstOrDefault(bucket => bucket >= payload.Length + LengthPrefix);
        if (size == 0)
        {
            throw new ArgumentException($"A staged response may be at most {Buckets[^1] - LengthPrefix} bytes; this one is {payload.Length}.", nameof(staged));
        }

        var plain = new byte[size];
        BinaryPrimitives.WriteInt32BigEndian(plain, payload.Length);
        payload.CopyTo(plain, LengthPrefix);

        var sealedBytes = new byte[size + Overhead];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize, size), sealedBytes.AsSpan(NonceSize + size, TagSize), Encoding.UTF8.GetBytes(partition));
        return sealedBytes;
    }

    /// <exception cref="CryptographicException">Not sealed under this key for this partition, or altered.</exception>
    public StagedResponse Open(ReadOnlySpan<byte> sealedBytes, string partition)
    {
        if (sealedBytes.Length <= Overhead)
        {
            throw new CryptographicException("A sealed response is too short.");
        }

        var size = sealedBytes.Length - Overhead;
        var plain = new byte[size];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(sealedBytes[..NonceSize], sealedBytes.Slice(NonceSize, size), sealedBytes.Slice(NonceSize + size, TagSize), plain, Encoding.UTF8.GetBytes(partition));
        var length = BinaryPrimitives.ReadInt32BigEndian(plain);
        var payload = JsonSerializer.Deserialize<Payload>(plain.AsSpan(LengthPrefix, length), JsonOptions)
            ?? throw new CryptographicException("A sealed response holds nothing.");
        return new StagedResponse(payload.Id, SurveyResponse.FromJson(payload.Response), payload.Held);
    }

    private sealed record Payload(string Id, string Response, bool Held);
}

/// <summary>When staged responses move to their permanent rows.</summary>
public enum FlushOccasion
{
    /// <summary>A survey's buffer is checked (as a response arrives, and on the timer): only a full batch goes.</summary>
    BatchFull,

    /// <summary>Results are about to be released: everything staged goes, so the release includes it.</summary>
    Releasing,

    /// <summary>The survey has closed: everything staged goes, and the codes' marks are settled.</summary>
    Closed,
}

/// <summary>
/// Which staged responses go to their permanent rows, and in what order: plain rules, apart from storage.
/// </summary>
/// <remarks>
/// Storage stamps each row with its write time. Written in batches of at least
/// <c>batchSize</c>, in an order shuffled afresh for each flush, every response of a batch carries the
/// same write-time information: the batch's. Nobody can tell from storage which of them arrived first or last.
/// </remarks>
public static class StagingBatches
{
    /// <summary>Whether a survey's <paramref name="staged"/> responses are flushed on this occasion.</summary>
    public static bool IsDue(int staged, int batchSize, FlushOccasion occasion) =>
        staged > 0 && (occasion != FlushOccasion.BatchFull || staged >= batchSize);

    /// <summary>
    /// The items in a fresh random order, cut into writes of at most <paramref name="maxCount"/> items
    /// and <paramref name="maxWeight"/> (an item heavier than that goes alone).
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<T>> Shuffled<T>(IEnumerable<T> items, int maxCount, long maxWeight, Func<T, long> weight)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        var order = items.ToArray();
        RandomNumberGenerator.Shuffle(order.AsSpan());
        var writes = new List<IReadOnlyList<T>>();
        var current = new List<T>();
        long carried = 0;
        foreach (var item in order)
        {
            var w = weight(item);
            if (current.Count > 0 && (current.Count == maxCount || carried + w > maxWeight))
            {
                writes.Add(current);
                (current, carried) = ([], 0);
            }

            current.Add(item);
            carried += w;
        }

        if (current.Count > 0)
        {
            writes.Add(current);
        }

        return writes;
    }
}
