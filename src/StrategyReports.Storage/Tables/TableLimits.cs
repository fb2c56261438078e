using System.Globalization;

namespace StrategyReports.Storage.Tables;

/// <summary>
/// The Table service's documented limits, checked before anything is sent so a bad entity fails with
/// a message that names the problem instead of a bare 400 from the service.
/// </summary>
public static class TableLimits
{
    /// <summary>Keys may be up to 1 KiB; the service counts UTF-16, so 512 characters.</summary>
    public const int MaxKeyLength = 512;

    /// <summary>Properties besides PartitionKey, RowKey and Timestamp.</summary>
    public const int MaxCustomProperties = 252;

    /// <summary>String properties may be up to 64 KiB of UTF-16, so 32,768 characters.</summary>
    public const int MaxStringLength = 32 * 1024;

    public const int MaxBinaryLength = 64 * 1024;

    public const int MaxPropertyNameLength = 255;

    /// <summary>Entity size as the service computes it (UTF-16 names and strings plus per-value overheads).</summary>
    public const int MaxEntitySize = 1024 * 1024;

    /// <summary>Operations in one entity group transaction.</summary>
    public const int MaxTransactionActions = 100;

    /// <summary>Request body size of one entity group transaction.</summary>
    public const int MaxTransactionPayload = 4 * 1024 * 1024;

    private static readonly DateTimeOffset MinDateTime = new(1601, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first rule <paramref name="key"/> breaks.</summary>
    public static void ValidateKey(string key, string keyName = "key")
    {
        ArgumentNullException.ThrowIfNull(key, keyName);
        if (key.Length > MaxKeyLength)
        {
            throw new ArgumentException($"The {keyName} is {key.Length} characters long; the Table service allows at most {MaxKeyLength} (1 KiB).", keyName);
        }

        var bad = key.AsSpan().IndexOfAny(ForbiddenKeyCharacters);
        if (bad < 0)
        {
            bad = key.AsSpan().IndexOfAnyInRange('\u0000', '\u001F');
        }

        if (bad < 0)
        {
            bad = key.AsSpan().IndexOfAnyInRange('\u007F', '\u009F');
        }

        if (bad >= 0)
        {
            throw new ArgumentException(
                $"The {keyName} contains the character U+{(int)key[bad]:X4} at position {bad}; keys may not contain '/', '\\', '#', '?' or control characters.",
                keyName);
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first limit <paramref name="entity"/> breaks.</summary>
    public static void Validate(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ValidateKey(entity.PartitionKey, "PartitionKey");
        ValidateKey(entity.RowKey, "RowKey");
        if (entity.Count > MaxCustomProperties)
        {
            throw new ArgumentException(
                $"Entity ({entity.PartitionKey}, {entity.RowKey}) has {entity.Count} properties; the Table service allows at most {MaxCustomProperties} besides PartitionKey, RowKey and Timestamp.",
                nameof(entity));
        }

        long size = 4 + ((entity.PartitionKey.Length + entity.RowKey.Length) * 2L);
        foreach (var (name, value) in entity)
        {
            if (name.Length > MaxPropertyNameLength || name is TableEntity.PartitionKeyName or TableEntity.RowKeyName or TableEntity.TimestampName || name.Contains('@', StringComparison.Ordinal) || name.StartsWith("odata.", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Property name '{Shorten(name)}' is reserved or longer than {MaxPropertyNameLength} characters.", nameof(entity));
            }

            size += 8 + (name.Length * 2L) + ValueSize(entity, name, value);
        }

        if (size > MaxEntitySize)
        {
            throw new ArgumentException(
                $"Entity ({entity.PartitionKey}, {entity.RowKey}) is {size.ToString("N0", CultureInfo.InvariantCulture)} bytes as the service counts them; the limit is 1 MiB ({MaxEntitySize.ToString("N0", CultureInfo.InvariantCulture)}).",
                nameof(entity));
        }
    }

    private static long ValueSize(TableEntity entity, string name, object value) => value switch
    {
        string s when s.Length > MaxStringLength => throw new ArgumentException(
            $"Property '{name}' of entity ({entity.PartitionKey}, {entity.RowKey}) is {s.Length} characters; strings may be at most {MaxStringLength} (64 KiB).", nameof(entity)),
        string s => 4 + (s.Length * 2L),
        byte[] b => BinarySize(entity, name, b.Length),
        BinaryData b => BinarySize(entity, name, b.ToMemory().Length),
        bool => 1,
        int => 4,
        long or double => 8,
        Guid => 16,
        DateTimeOffset d when d < MinDateTime => throw new ArgumentException(
            $"Property '{name}' of entity ({entity.PartitionKey}, {entity.RowKey}) is {d:O}; the Table service stores dates from 1601-01-01 UTC.", nameof(entity)),
        DateTimeOffset => 8,
        DateTime d => ValueSize(entity, name, new DateTimeOffset(d.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : d)),
        _ => throw new ArgumentException(
            $"Property '{name}' of entity ({entity.PartitionKey}, {entity.RowKey}) is a {value.GetType().Name}; the Table service stores string, bool, int, long, double, DateTimeOffset, Guid and binary.", nameof(entity)),
    };

    private static long BinarySize(TableEntity entity, string name, int length) => length > MaxBinaryLength
        ? throw new ArgumentException(
            $"Property '{name}' of entity ({entity.PartitionKey}, {entity.RowKey}) is {length} bytes; binary values may be at most {MaxBinaryLength} (64 KiB).", nameof(entity))
        : 4 + length;

    private static string Shorten(string value) => value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 40), "…");

    private static readonly System.Buffers.SearchValues<char> ForbiddenKeyCharacters = System.Buffers.SearchValues.Create("/\\#?");
}
